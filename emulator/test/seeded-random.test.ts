import { SeededRandom } from '../src/seeded-random.js';

const draw = (random: SeededRandom, count: number): number[] =>
  Array.from({ length: count }, () => random.next());

describe('SeededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    expect(draw(new SeededRandom(42), 20)).toEqual(draw(new SeededRandom(42), 20));
    expect(draw(new SeededRandom(42), 20)).not.toEqual(draw(new SeededRandom(43), 20));
  });

  it('stays in range and spreads evenly enough', () => {
    const random = new SeededRandom(7);
    const values = draw(random, 10_000);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    for (let i = 0; i < 1000; i++) {
      const value = random.integer(1, 255);
      expect(value).toBeGreaterThanOrEqual(1);
      expect(value).toBeLessThanOrEqual(255);
    }
  });

  it('chance(0) is never true and chance(1) always is', () => {
    const random = new SeededRandom(1);
    for (let i = 0; i < 1000; i++) {
      expect(random.chance(0)).toBe(false);
      expect(random.chance(1)).toBe(true);
    }
  });

  it('forks independent, repeatable streams per link', () => {
    const base = new SeededRandom(42);
    expect(draw(base.fork(0), 5)).toEqual(draw(new SeededRandom(42).fork(0), 5));
    expect(draw(base.fork(0), 5)).not.toEqual(draw(base.fork(1), 5));
  });
});
