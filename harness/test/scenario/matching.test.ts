import { matchData, matchStatus, matchText } from '../../src/runtime/data-match.js';
import { matchJson, readJsonPath } from '../../src/runtime/json-match.js';
import { StepFailure } from '../../src/runtime/step-failure.js';

const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const noDecode = (): never => {
  throw new Error('not typed');
};

describe('json matching', () => {
  it('matches partially by default and exactly on request', () => {
    const actual = { product: '42', extra: true, nested: { a: 1, b: 2 } };
    expect(matchJson({ product: 42 }, actual)).toBeUndefined();
    expect(matchJson({ nested: { a: 1 } }, actual)).toBeUndefined();
    expect(matchJson({ product: 41 }, actual)).toBe('json.product: expected 41, received "42"');
    expect(matchJson({ nested: { b: 3 } }, actual)).toBe('json.nested.b: expected 3, received 2');
    expect(matchJson({ missing: 1 }, actual)).toBe('json.missing: expected 1, received nothing');
    expect(
      matchJson({ product: 42, extra: true, nested: { a: 1, b: 2 } }, actual, 'exact'),
    ).toBeUndefined();
    expect(matchJson({ product: 42 }, actual, 'exact')).toBe(
      'json: unexpected field(s) extra, nested',
    );
  });

  it('compares 64-bit values by value and accepts snake_case keys', () => {
    expect(
      matchJson({ uptime_ms: '9007199254740993' }, { uptimeMs: '9007199254740993' }),
    ).toBeUndefined();
    expect(
      matchJson({ uptimeMs: '9007199254740993' }, { uptimeMs: '9007199254740992' }),
    ).toBeDefined();
    expect(matchJson({ n: '7' }, { n: 7 })).toBeUndefined();
    expect(matchJson({ s: 'abc' }, { s: 'abd' })).toBe('json.s: expected "abc", received "abd"');
  });

  it('applies operators', () => {
    const actual = { seq: 5, big: '18446744073709551615', name: 'nanorpc-demo', on: false };
    expect(matchJson({ seq: { $gt: 4, $lte: 5 } }, actual)).toBeUndefined();
    expect(matchJson({ seq: { $gt: 5 } }, actual)).toBe('json.seq: expected > 5, received 5');
    expect(matchJson({ big: { $gte: '18446744073709551614' } }, actual)).toBeUndefined();
    expect(matchJson({ name: { $pattern: '^nanorpc-' } }, actual)).toBeUndefined();
    expect(matchJson({ name: { $pattern: '^x' } }, actual)).toBe(
      'json.name: expected text matching /^x/, received "nanorpc-demo"',
    );
    expect(matchJson({ on: { $any: true } }, actual)).toBeUndefined();
    expect(matchJson({ off: { $any: true } }, actual)).toBe(
      'json.off: expected a value, found none',
    );
    expect(matchJson({ seq: { $ne: 5 } }, actual)).toBe('json.seq: expected anything but 5');
  });

  it('matches arrays element by element', () => {
    expect(
      matchJson({ list: [{ a: 1 }, { a: 2 }] }, { list: [{ a: 1, b: 0 }, { a: 2 }] }),
    ).toBeUndefined();
    expect(matchJson({ list: [1] }, { list: [1, 2] })).toBe(
      'json.list: expected 1 element(s), received 2',
    );
  });

  it('reads dotted paths', () => {
    expect(readJsonPath({ a: { bC: [10, { d: 4 }] } }, 'a.b_c.1.d')).toBe(4);
    expect(readJsonPath({ a: { bC: 1 } }, 'a.bC')).toBe(1);
    expect(readJsonPath({ a: 1 }, 'a.b')).toBeUndefined();
  });
});

describe('data matching', () => {
  it('compares hex exactly, as a prefix, or contained', () => {
    expect(matchData({ hex: '01 02' }, bytes('0102'), noDecode).mismatch).toBeUndefined();
    expect(matchData({ hex: '0102' }, bytes('010203'), noDecode).mismatch).toBe(
      'data: expected hex 0102, received 010203',
    );
    expect(
      matchData({ hex: '01:02', match: 'prefix' }, bytes('010203'), noDecode).mismatch,
    ).toBeUndefined();
    expect(matchData({ hex: '0203', match: 'prefix' }, bytes('010203'), noDecode).mismatch).toBe(
      'data: expected hex starting with 0203, received 010203',
    );
    expect(
      matchData({ hex: '0203', match: 'contains' }, bytes('010203'), noDecode).mismatch,
    ).toBeUndefined();
    expect(matchData({ hex: '' }, bytes(''), noDecode).mismatch).toBeUndefined();
    expect(() => matchData({ hex: '012' }, bytes('01'), noDecode)).toThrow(StepFailure);
  });

  it('compares text and patterns', () => {
    expect(matchData({ utf8: 'hello' }, text('hello'), noDecode).mismatch).toBeUndefined();
    expect(
      matchData({ utf8: 'ell', match: 'contains' }, text('hello'), noDecode).mismatch,
    ).toBeUndefined();
    expect(matchData({ utf8: 'bye' }, text('hello'), noDecode).mismatch).toBe(
      'data: expected text "bye", received "hello"',
    );
    expect(
      matchData({ pattern: '^HE', flags: 'i' }, text('hello'), noDecode).mismatch,
    ).toBeUndefined();
    expect(matchData({ pattern: '^x' }, text('hello'), noDecode).mismatch).toBe(
      'data: expected text matching /^x/, received "hello"',
    );
  });

  it('decodes typed data with the type the expectation names', () => {
    const seen: (string | undefined)[] = [];
    const decode = (type: string | undefined) => {
      seen.push(type);
      return { product: '42', other: 1 };
    };
    expect(
      matchData({ json: { product: 42 }, type: 'demo.MultiplyResponse' }, bytes('082a'), decode),
    ).toEqual({
      mismatch: undefined,
      json: { product: '42', other: 1 },
    });
    expect(
      matchData({ json: { product: 42 }, match: 'exact' }, bytes('082a'), decode).mismatch,
    ).toBe('data.json: unexpected field(s) other');
    expect(seen).toEqual(['demo.MultiplyResponse', undefined]);
  });
});

describe('status and message matching', () => {
  it('expects STATUS_OK unless told, accepts both spellings, and `any`', () => {
    expect(matchStatus(undefined, 1)).toBeUndefined();
    expect(matchStatus(undefined, 2)).toBe('status: expected STATUS_OK, received STATUS_NOT_FOUND');
    expect(matchStatus('NOT_FOUND', 2)).toBeUndefined();
    expect(matchStatus('STATUS_NOT_FOUND', 2)).toBeUndefined();
    expect(matchStatus('any', 4)).toBeUndefined();
  });

  it('matches messages exactly, by pattern, or by content', () => {
    expect(
      matchText('no handler registered for path', 'no handler registered for path'),
    ).toBeUndefined();
    expect(matchText('x', 'y')).toBe('message: expected "x", received "y"');
    expect(
      matchText({ pattern: 'NO HANDLER', flags: 'i' }, 'no handler registered'),
    ).toBeUndefined();
    expect(matchText({ pattern: '^handler' }, 'no handler')).toBe(
      'message: expected text matching /^handler/, received "no handler"',
    );
    expect(matchText({ contains: 'handler' }, 'no handler')).toBeUndefined();
    expect(matchText({ contains: 'x' }, 'no handler')).toBe(
      'message: expected text containing "x", received "no handler"',
    );
  });
});
