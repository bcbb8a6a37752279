import type { TraceRecord } from '../report/run-report.js';
import { StepFailure } from '../runtime/step-failure.js';

/** A request id (or other integer) as written: a number, or text after interpolation. */
export function integerOf(value: number | string, what: string): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(number))
    throw new StepFailure(`${what}: ${String(value)} is not an integer`);
  return number;
}

/** One received frame for messages: decoded when it could be, else its bytes. */
export function frameSummary(record: TraceRecord): Record<string, unknown> | string {
  return (
    record.decoded ?? { hex: record.hex, ...(record.note !== undefined && { note: record.note }) }
  );
}
