import type { TraceRecord } from '../report/run-report.js';
import { traceRecordFromEvent } from '../report/trace-record.js';
import type { FrameTrace, TraceEvent } from '@nanorpc-sim/core';

export type TraceListener = (record: TraceRecord, event: TraceEvent) => void;

/**
 * The run's trace: every frame of every link, as report TraceRecords, tagged with the scenario
 * running at the time. Steps that look at received frames (expect-frame, the late-frame check
 * after an unsubscribe) listen to it, so what they judge is exactly what the report shows.
 */
export class TraceRecorder implements FrameTrace {
  readonly records: TraceRecord[] = [];
  private scenario = '';
  private scenarioStart = 0;
  private readonly links = new Set<string>();
  private readonly listeners = new Set<TraceListener>();

  /** Records from now on belong to `scenario`. */
  begin(scenario: string): void {
    this.scenario = scenario;
    this.scenarioStart = this.records.length;
    this.links.clear();
  }

  /** Link ids seen since begin(). */
  get scenarioLinks(): string[] {
    return [...this.links];
  }

  /** The last `count` records of the current scenario. */
  lastRecords(count: number): TraceRecord[] {
    return this.records.slice(Math.max(this.scenarioStart, this.records.length - count));
  }

  /** Sequence number of the latest record (0 before any). */
  get lastSeq(): number {
    return this.records.length;
  }

  record(event: TraceEvent): void {
    const record = traceRecordFromEvent(event, this.scenario, this.records.length + 1);
    this.records.push(record);
    this.links.add(event.link);
    for (const listener of [...this.listeners]) listener(record, event);
  }

  /** Calls `listener` for each record from now on; returns the function that stops it. */
  listen(listener: TraceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
