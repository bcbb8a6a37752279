import type { FrameTrace, TraceEvent } from './frame-trace.js';

/** Keeps trace events in an array (tests, the scenario engine). Bytes are copied on record. */
export class MemoryFrameTrace implements FrameTrace {
  readonly events: TraceEvent[] = [];

  record(event: TraceEvent): void {
    // A received body may be a view on a chunk; copy so later reuse cannot change the record.
    this.events.push({ ...event, bytes: event.bytes.slice() });
  }

  /** Events of one direction and kind, e.g. `filter('rx', 'body')`. */
  filter(direction: TraceEvent['direction'], kind?: TraceEvent['kind']): TraceEvent[] {
    return this.events.filter(
      (event) => event.direction === direction && (kind === undefined || event.kind === kind),
    );
  }

  clear(): void {
    this.events.length = 0;
  }
}
