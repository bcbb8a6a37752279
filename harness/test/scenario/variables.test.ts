import { applyCapture } from '../../src/runtime/capture.js';
import { StepFailure } from '../../src/runtime/step-failure.js';
import { VariableScope } from '../../src/runtime/variables.js';

describe('variables', () => {
  it('interpolates inside strings and keeps the type of a whole reference', () => {
    const scope = new VariableScope({ n: 3, who: 'world', info: { bootCount: 2, name: 'demo' } });
    expect(scope.interpolate('hello ${who} #${n}')).toBe('hello world #3');
    expect(scope.interpolate('${n}')).toBe(3);
    expect(scope.interpolate('${info.bootCount}')).toBe(2);
    expect(scope.interpolate({ json: { a: '${n}', list: ['${who}', 1] }, hex: '0a${n}' })).toEqual({
      json: { a: 3, list: ['world', 1] },
      hex: '0a3',
    });
    expect(scope.interpolate('${info}')).toEqual({ bootCount: 2, name: 'demo' });
    expect(scope.interpolate('name=${info}')).toBe('name={"bootCount":2,"name":"demo"}');
  });

  it('fails clearly on an unknown variable or field', () => {
    const scope = new VariableScope({ info: { a: 1 } });
    expect(() => scope.interpolate('${nope}')).toThrow('variable ${nope} is not defined');
    expect(() => scope.interpolate('${info.b}')).toThrow('variable ${info.b}: no field "b"');
    expect(() => scope.interpolate('${nope}')).toThrow(StepFailure);
  });

  it('lets a repeat block see and set outer variables, keeping its counter local', () => {
    const outer = new VariableScope({ total: 0 });
    const inner = outer.child({ i: 1 });
    inner.set('total', 5);
    inner.set('captured', 'x');
    expect(outer.get('total')).toBe(5);
    expect(outer.get('captured')).toBe('x');
    expect(inner.get('i')).toBe(1);
    expect(outer.has('i')).toBe(false);
  });
});

describe('capture', () => {
  it('sets variables from what a step received', () => {
    const scope = new VariableScope();
    applyCapture(
      {
        s: 'status',
        m: 'message',
        h: 'hex',
        t: 'utf8',
        j: 'json',
        p: 'json.product',
        id: 'requestId',
        l: 'latencyMs',
      },
      {
        status: 4,
        message: 'boom',
        data: new TextEncoder().encode('hi'),
        decode: () => ({ product: '42' }),
        requestId: 7,
        latencyMs: 1.23456,
      },
      scope,
    );
    expect(scope.snapshot()).toEqual({
      s: 'STATUS_INTERNAL_ERROR',
      m: 'boom',
      h: '6869',
      t: 'hi',
      j: { product: '42' },
      p: '42',
      id: 7,
      l: 1.235,
    });
  });

  it('fails when the source is not there', () => {
    const scope = new VariableScope();
    expect(() => applyCapture({ x: 'json.missing' }, { decode: () => ({}) }, scope)).toThrow(
      'capture x: this step received no json.missing',
    );
    expect(() => applyCapture({ x: 'count' }, {}, scope)).toThrow(
      'capture x: this step received no count',
    );
  });
});
