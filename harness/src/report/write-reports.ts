import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml } from './html-report.js';
import { toJsonSafe } from './json-safe.js';
import { renderJunit } from './junit-report.js';
import type { RunReport, TraceRecord } from './run-report.js';
import { renderTraceJsonl } from './trace-jsonl.js';

/** Paths of the files `writeReports` wrote. */
export interface ReportFiles {
  junit: string;
  json: string;
  trace: string;
  html: string;
}

/** report.json: the RunReport as JSON (bytes as hex, int64 values as strings). */
export function renderJson(report: RunReport): string {
  return `${JSON.stringify(toJsonSafe(report), null, 2)}\n`;
}

/**
 * Writes junit.xml, report.json, trace.jsonl and report.html into `dir` (created if needed).
 * Every document is rendered before the first write, so a rendering bug leaves no half set.
 */
export async function writeReports(
  dir: string,
  report: RunReport,
  trace: TraceRecord[],
): Promise<ReportFiles> {
  const files: ReportFiles = {
    junit: join(dir, 'junit.xml'),
    json: join(dir, 'report.json'),
    trace: join(dir, 'trace.jsonl'),
    html: join(dir, 'report.html'),
  };
  const contents: [string, string][] = [
    [files.junit, renderJunit(report)],
    [files.json, renderJson(report)],
    [files.trace, renderTraceJsonl(trace)],
    [files.html, renderHtml(report, trace)],
  ];
  await mkdir(dir, { recursive: true });
  await Promise.all(contents.map(([path, text]) => writeFile(path, text, 'utf8')));
  return files;
}
