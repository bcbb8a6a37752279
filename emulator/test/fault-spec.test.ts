import {
  FaultSpecError,
  mergeFaults,
  parseFaultSpec,
  parseFaultSpecs,
  validateFaults,
} from '../src/fault-spec.js';

function errorOf(run: () => unknown): FaultSpecError {
  try {
    run();
  } catch (error) {
    if (error instanceof FaultSpecError) return error;
    throw error;
  }
  throw new Error('expected a FaultSpecError');
}

describe('parseFaultSpec', () => {
  it('parses every fault the CLI names', () => {
    expect(parseFaultSpec('latency=20')).toEqual({ latencyMs: 20 });
    expect(parseFaultSpec('jitter=5ms')).toEqual({ jitterMs: 5 });
    expect(parseFaultSpec('baud=9600')).toEqual({ baud: 9600 });
    expect(parseFaultSpec('drop=0.01')).toEqual({ drop: 0.01 });
    expect(parseFaultSpec('corrupt=0.001')).toEqual({ corrupt: 0.001 });
    expect(parseFaultSpec('disconnect-after=10')).toEqual({ disconnectAfter: 10 });
    expect(parseFaultSpec('slow=/calc/multiply:500')).toEqual({ slow: { '/calc/multiply': 500 } });
    expect(parseFaultSpec('silent=/test/fail')).toEqual({ silent: ['/test/fail'] });
    expect(parseFaultSpec('seed=42')).toEqual({ seed: 42 });
  });

  it('takes several faults joined by commas, and a path holding a colon', () => {
    expect(parseFaultSpec('drop=0.5, seed=7,slow=/a:b:30')).toEqual({
      drop: 0.5,
      seed: 7,
      slow: { '/a:b': 30 },
    });
  });

  it('merges repeated options: scalars replaced, slow and silent paths added', () => {
    expect(
      parseFaultSpecs([
        'latency=5',
        'latency=9',
        'slow=/a:1',
        'slow=/b:2',
        'silent=/x',
        'silent=/x',
      ]),
    ).toEqual({ latencyMs: 9, slow: { '/a': 1, '/b': 2 }, silent: ['/x'] });
  });

  it.each([
    ['frobnicate=1', /unknown fault "frobnicate" in "frobnicate=1" \(known: latency, jitter/],
    ['drop=2', /bad fault "drop=2": drop must be a probability from 0 to 1/],
    ['corrupt=-0.1', /bad fault "corrupt=-0.1": corrupt must be a probability/],
    ['latency=abc', /bad fault "latency=abc": "abc" is not a number/],
    ['baud=9600.5', /bad fault "baud=9600.5": baud must be a whole number/],
    ['baud=10', /bad fault "baud=10": baud must be a whole number from 50/],
    [
      'disconnect-after=0',
      /bad fault "disconnect-after=0": disconnect-after must be a whole number of frames/,
    ],
    ['slow=/calc/multiply', /bad fault "slow=\/calc\/multiply": expected slow=<path>:<ms>/],
    ['slow=calc:5', /bad fault "slow=calc:5": slow must be a path that starts with "\/"/],
    ['silent=', /bad fault "silent=": expected silent=<value>/],
    ['seed=-1', /bad fault "seed=-1": seed must be a whole number from 0/],
    ['latency', /bad fault "latency": expected latency=<value>/],
    [' , ', /empty fault option/],
  ])('refuses %j with a message naming it', (text, message) => {
    const error = errorOf(() => parseFaultSpec(text));
    expect(error.code).toBe('ERR_BAD_FAULT');
    expect(error.message).toMatch(message);
  });
});

describe('validateFaults', () => {
  it('applies defaults: everything off', () => {
    expect(validateFaults({})).toEqual({
      latencyMs: 0,
      jitterMs: 0,
      drop: 0,
      corrupt: 0,
      slow: {},
      silent: [],
    });
  });

  it('refuses unknown settings and names the field', () => {
    const error = errorOf(() => validateFaults({ drop: 3 }));
    expect(error.message).toMatch(/drop: must be a probability/);
    expect(() => validateFaults({ lag: 1 } as never)).toThrow(FaultSpecError);
  });

  it('mergeFaults keeps the base when the overlay names nothing', () => {
    expect(mergeFaults({ drop: 0.1, silent: ['/a'] }, {})).toEqual({ drop: 0.1, silent: ['/a'] });
  });
});
