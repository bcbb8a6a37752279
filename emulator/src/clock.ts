/**
 * Time as the fault layer sees it. Production code uses the system clock; unit tests inject a
 * manual clock so schedules are checked without waiting and without timing asserts.
 */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Runs `callback` after `delayMs`; returns a function that cancels it. */
  setTimer(callback: () => void, delayMs: number): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    return () => clearTimeout(timer);
  },
};
