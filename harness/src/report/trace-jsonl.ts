import { toJsonSafe } from './json-safe.js';
import type { TraceRecord } from './run-report.js';

/** trace.jsonl: one TraceRecord per line, in the order given. */
export function renderTraceJsonl(trace: readonly TraceRecord[]): string {
  return trace.map((record) => `${JSON.stringify(toJsonSafe(record))}\n`).join('');
}
