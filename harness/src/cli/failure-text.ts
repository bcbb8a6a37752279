import { frameLabel } from '../report/frame-label.js';
import type { ScenarioResult, TraceRecord } from '../report/run-report.js';

function indentJson(value: unknown, indent: string): string {
  const text = JSON.stringify(value, null, 2) ?? String(value);
  return text.split('\n').join(`\n${indent}`);
}

function frameLine(record: TraceRecord, start: number): string {
  const arrow = record.direction === 'tx' ? '->' : '<-';
  const offset = `+${(record.time - start).toFixed(1)} ms`;
  const data =
    typeof record.decoded?.['data'] === 'string' && record.decoded['data'] !== ''
      ? ` data ${String(record.decoded['data'])}`
      : '';
  const raw = record.kind === 'raw' || record.kind === 'error' ? ` ${record.hex}` : data;
  return `${offset.padStart(11)} ${arrow} ${frameLabel(record)}${raw}`;
}

/** A failed scenario for people: the message, expected and received values, the last frames. */
export function failureText(result: ScenarioResult): string {
  const failure = result.failure;
  if (failure === undefined) return '';
  const lines = [
    `FAIL ${result.name} (${result.file}${result.iteration > 1 ? `, iteration ${result.iteration}` : ''})`,
  ];
  lines.push(`  ${failure.message}`);
  if (failure.expected !== undefined)
    lines.push(`  expected: ${indentJson(failure.expected, '    ')}`);
  if (failure.received !== undefined)
    lines.push(`  received: ${indentJson(failure.received, '    ')}`);
  if (failure.lastFrames.length > 0) {
    const start = failure.lastFrames[0]?.time ?? 0;
    lines.push(`  last frames (${failure.lastFrames.length}):`);
    for (const record of failure.lastFrames) lines.push(`  ${frameLine(record, start)}`);
  }
  return `${lines.join('\n')}\n`;
}
