/**
 * A small deterministic pseudo-random generator (mulberry32), so that a fault run with
 * `seed=42` drops and corrupts the same bytes every time. Not for anything security related.
 */
export class SeededRandom {
  readonly seed: number;
  private state: number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    this.state = this.seed;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /**
   * An independent generator for one stream (e.g. one accepted link), so that links do not
   * disturb each other's sequence when they interleave.
   */
  fork(stream: number): SeededRandom {
    // Mix seed and stream number through one round of the same hash.
    const mixer = new SeededRandom((this.seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0);
    return new SeededRandom(Math.floor(mixer.next() * 4294967296));
  }
}
