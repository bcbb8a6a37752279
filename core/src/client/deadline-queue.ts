/** The longest delay setTimeout takes. */
const MAX_TIMER_DELAY_MS = 0x7fffffff;

/**
 * Every deadline of one client on a single timer, instead of a timer per call. Items with the
 * same timeout expire in the order they were added, so each timeout keeps an insertion-ordered
 * map (O(1) add and delete) and only the head of each map can be the next to expire. The timer
 * is armed for the earliest head; when it fires it expires what is due and re-arms for the
 * rest, so a call answered before its deadline costs no timer operation at all.
 */
export class DeadlineQueue<T> {
  /** timeoutMs -> item -> due time (performance.now() clock), oldest first. */
  private readonly byTimeout = new Map<number, Map<T, number>>();
  private readonly onExpired: (item: T) => void;
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Number.POSITIVE_INFINITY;
  private count = 0;

  constructor(onExpired: (item: T) => void) {
    this.onExpired = onExpired;
  }

  get size(): number {
    return this.count;
  }

  /** Expires `item` after `timeoutMs` (> 0) unless it is deleted first. */
  add(item: T, timeoutMs: number): void {
    const due = performance.now() + timeoutMs;
    let items = this.byTimeout.get(timeoutMs);
    if (items === undefined) {
      items = new Map();
      this.byTimeout.set(timeoutMs, items);
    }
    items.set(item, due);
    // An idle timer is unref'd (below) so that it never holds the process open on its own.
    if (this.count++ === 0) this.timer?.ref();
    if (due < this.timerDue) this.arm(due);
  }

  delete(item: T, timeoutMs: number): void {
    if (this.byTimeout.get(timeoutMs)?.delete(item) !== true) return;
    if (--this.count === 0) this.timer?.unref();
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    this.byTimeout.clear();
    this.count = 0;
  }

  private arm(due: number): void {
    clearTimeout(this.timer);
    this.timerDue = due;
    // setTimeout takes at most 2^31-1 ms (above, it waits 1 ms): a later due re-arms on firing.
    const delay = Math.min(MAX_TIMER_DELAY_MS, Math.max(0, due - performance.now()));
    this.timer = setTimeout(this.fire, delay);
    if (this.count === 0) this.timer.unref();
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    // Timers run on the loop's millisecond clock: within 1 ms of its due time an item is due.
    const now = performance.now() + 1;
    const expired: T[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const [timeoutMs, items] of this.byTimeout) {
      for (const [item, due] of items) {
        if (due > now) {
          next = Math.min(next, due);
          break;
        }
        items.delete(item);
        expired.push(item);
      }
      if (items.size === 0) this.byTimeout.delete(timeoutMs);
    }
    this.count -= expired.length;
    if (next !== Number.POSITIVE_INFINITY) this.arm(next);
    for (const item of expired) this.onExpired(item);
  };
}
