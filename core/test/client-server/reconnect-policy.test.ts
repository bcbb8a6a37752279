import fc from 'fast-check';
import { ReconnectPolicy } from '../../src/client/reconnect-policy.js';

describe('ReconnectPolicy', () => {
  it('grows exponentially up to the cap without jitter', () => {
    const policy = new ReconnectPolicy({
      initialDelayMs: 100,
      maxDelayMs: 1000,
      multiplier: 2,
      jitter: 0,
    });
    expect([1, 2, 3, 4, 5, 6].map((n) => policy.delayFor(n))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('spreads waits by the jitter fraction', () => {
    const low = new ReconnectPolicy(
      { initialDelayMs: 100, maxDelayMs: 10_000, jitter: 0.5 },
      () => 0,
    );
    const high = new ReconnectPolicy(
      { initialDelayMs: 100, maxDelayMs: 10_000, jitter: 0.5 },
      () => 0.999999,
    );
    expect(low.delayFor(1)).toBe(50);
    expect(high.delayFor(1)).toBe(150);
  });

  it('stops after maxAttempts', () => {
    const policy = new ReconnectPolicy({ maxAttempts: 3 });
    expect([1, 2, 3, 4].map((n) => policy.allows(n))).toEqual([true, true, true, false]);
    expect(new ReconnectPolicy({}).allows(1_000_000)).toBe(true);
  });

  it('rejects a cap below the first wait', () => {
    expect(() => new ReconnectPolicy({ initialDelayMs: 500, maxDelayMs: 100 })).toThrow();
  });

  it('keeps every wait within the cap and within the jitter band (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.9999999, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        (initial, extra, multiplier, jitter, random, attempt) => {
          const maxDelayMs = initial + extra;
          const policy = new ReconnectPolicy(
            { initialDelayMs: initial, maxDelayMs, multiplier, jitter },
            () => random,
          );
          const delay = policy.delayFor(attempt);
          const base = Math.min(maxDelayMs, initial * multiplier ** (attempt - 1));
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(maxDelayMs);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(base * (1 - jitter)));
          expect(delay).toBeLessThanOrEqual(Math.ceil(base * (1 + jitter)));
        },
      ),
    );
  });
});
