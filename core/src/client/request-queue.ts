import { QueueFullError } from './client-errors.js';

/**
 * Requests held until they can be sent: while the client is disconnected, or while `maxInFlight`
 * calls already await their answers. They leave in order. Bounded: a push onto a full queue
 * fails at once with QueueFullError, so callers are never left waiting on memory that grows
 * without limit.
 */
export class RequestQueue<T> {
  readonly limit: number;
  private items: T[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 0) {
      throw new RangeError(`queue limit must be a non-negative integer, got ${limit}`);
    }
    this.limit = limit;
  }

  get size(): number {
    return this.items.length;
  }

  get full(): boolean {
    return this.items.length >= this.limit;
  }

  /** Appends; throws QueueFullError when `limit` items already wait. */
  push(item: T): void {
    if (this.full) throw new QueueFullError(this.limit);
    this.items.push(item);
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    return this.items.shift();
  }

  /** Removes one item (a timed-out or aborted call); false when it was not queued. */
  remove(item: T): boolean {
    const index = this.items.indexOf(item);
    if (index < 0) return false;
    this.items.splice(index, 1);
    return true;
  }

  /** Empties the queue and returns its items, oldest first. */
  drain(): T[] {
    const items = this.items;
    this.items = [];
    return items;
  }
}
