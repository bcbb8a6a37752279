/** When a write goes out on the throttled line. */
export interface ThrottleSchedule {
  /** When its first byte starts (after the bytes before it have left). */
  startAt: number;
  /** When its last byte has left the line. */
  finishAt: number;
}

/** Bits per byte on an 8N1 line: start bit, 8 data bits, stop bit. */
export const BITS_PER_BYTE = 10;

/**
 * Models a UART that sends `baud / 10` bytes per second: a write waits until the bytes before
 * it have left, then takes `bytes * 10 / baud` seconds. Pure bookkeeping: the caller supplies
 * the time, so the schedule is testable without waiting.
 *
 * The fault layer hands each write over whole at `finishAt` rather than trickling it byte by
 * byte: the rate is the same, and a timer that fires late on a busy machine cannot open a
 * silent gap inside a frame (which a serial receiver would take for a broken frame).
 */
export class LinkThrottle {
  /** When the line is free again. */
  private busyUntil = Number.NEGATIVE_INFINITY;

  static byteTimeMs(baud: number): number {
    return (BITS_PER_BYTE * 1000) / baud;
  }

  /** Schedules `byteCount` bytes handed over at `now` on a line running at `baud`. */
  schedule(now: number, byteCount: number, baud: number): ThrottleSchedule {
    const startAt = Math.max(now, this.busyUntil);
    const finishAt = startAt + byteCount * LinkThrottle.byteTimeMs(baud);
    this.busyUntil = finishAt;
    return { startAt, finishAt };
  }
}
