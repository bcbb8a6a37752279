import { IdsExhaustedError } from './client-errors.js';

/** The largest request id: the field is an int32 and we use only its positive half. */
export const MAX_REQUEST_ID = 0x7fffffff;

/**
 * Hands out correlation ids from a counter: 1, 2, ... MAX_REQUEST_ID, then back to 1, skipping
 * any id still in use (a pending call or a live subscription).
 *
 * Id 0 is never used: it is the proto3 default, so it is not on the wire at all, and a response
 * with id 0 is what a peer sends when it could not read the request's id. Keeping 0 unused lets
 * such a response show up as unmatched instead of answering some unrelated call.
 */
export class IdAllocator {
  readonly maxId: number;
  private next = 1;
  private readonly inUse = new Set<number>();

  /** `maxId` is only lowered by tests, to reach the wrap-around quickly. */
  constructor(options: { maxId?: number; firstId?: number } = {}) {
    const maxId = options.maxId ?? MAX_REQUEST_ID;
    if (!Number.isInteger(maxId) || maxId < 1 || maxId > MAX_REQUEST_ID) {
      throw new RangeError(`maxId must be an integer from 1 to ${MAX_REQUEST_ID}, got ${maxId}`);
    }
    const firstId = options.firstId ?? 1;
    if (!Number.isInteger(firstId) || firstId < 1 || firstId > maxId) {
      throw new RangeError(`firstId must be an integer from 1 to ${maxId}, got ${firstId}`);
    }
    this.maxId = maxId;
    this.next = firstId;
  }

  /** Reserves and returns the next free id; throws IdsExhaustedError when none is free. */
  allocate(): number {
    if (this.inUse.size >= this.maxId) throw new IdsExhaustedError(this.maxId);
    // At most inUse.size ids can be skipped before a free one turns up.
    for (;;) {
      const id = this.next;
      this.next = id >= this.maxId ? 1 : id + 1;
      if (!this.inUse.has(id)) {
        this.inUse.add(id);
        return id;
      }
    }
  }

  /** Frees an id so the counter may hand it out again when it comes round. */
  release(id: number): void {
    this.inUse.delete(id);
  }

  isInUse(id: number): boolean {
    return this.inUse.has(id);
  }

  /** Ids currently reserved. */
  get size(): number {
    return this.inUse.size;
  }
}
