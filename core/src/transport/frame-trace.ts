/**
 * Where framed links report every frame they send and receive. Decoding for display is the
 * trace writer's job; a link only hands over bytes.
 */
export interface TraceEvent {
  /** ms since the epoch, fractional (performance.timeOrigin + performance.now()). */
  time: number;
  direction: 'tx' | 'rx';
  /** A link id, e.g. "client#1 tcp://127.0.0.1:4000". */
  link: string;
  role: 'client' | 'server';
  /**
   * 'frame': a whole frame incl. its length prefix (tx); 'body': a received body without the
   * prefix (rx); 'raw': bytes sent as they are (malformed input on purpose); 'error': the first
   * bytes of data that failed to frame, with the error in `note`.
   */
  bytes: Uint8Array;
  kind: 'frame' | 'body' | 'raw' | 'error';
  note?: string;
}

export interface FrameTrace {
  record(event: TraceEvent): void;
}

/** The trace clock: wall-clock based, sub-millisecond, monotonic within one process. */
export function traceTime(): number {
  return performance.timeOrigin + performance.now();
}
