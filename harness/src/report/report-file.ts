import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { RunReport, TraceRecord } from './run-report.js';

/*
 * Reading back what a run wrote (report.json, trace.jsonl), for merge-reports and compare.
 * zod checks the parts those commands rely on; a problem names the file and the field.
 */

const Verdicts = z.enum(['passed', 'failed', 'skipped', 'flaky']);

const Scenario = z.looseObject({
  name: z.string(),
  file: z.string(),
  tags: z.array(z.string()),
  iteration: z.number(),
  verdict: Verdicts,
  startedAt: z.string(),
  durationMs: z.number(),
  steps: z.array(
    z.looseObject({ kind: z.string(), verdict: Verdicts, latencyMs: z.number().optional() }),
  ),
  links: z.array(z.string()),
  target: z.string().optional(),
});

const Target = z.looseObject({
  name: z.string(),
  endpoint: z.string(),
  label: z.string().optional(),
});

const ReportJson = z.looseObject({
  tool: z.object({ name: z.string(), version: z.string() }),
  runId: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
  target: Target,
  targets: z.array(Target).optional(),
  totals: z.looseObject({ scenarios: z.number() }),
  suite: z.object({ id: z.string(), scenarios: z.number() }).optional(),
  shard: z.object({ index: z.number(), count: z.number() }).optional(),
  scenarios: z.array(Scenario),
});

const TraceLine = z.looseObject({ seq: z.number(), time: z.number(), scenario: z.string() });

/** A report that cannot be read or is not a nanorpc-hil report.json. */
export class ReportFileError extends Error {}

/** A run's folder: report.json there, or in the run `latest` (or LATEST) points at. */
export function reportFolder(dir: string): string {
  if (existsSync(path.join(dir, 'report.json'))) return dir;
  if (existsSync(path.join(dir, 'latest', 'report.json'))) return path.join(dir, 'latest');
  const latest = path.join(dir, 'LATEST');
  if (existsSync(latest)) return path.join(dir, readFileSync(latest, 'utf8').trim());
  throw new ReportFileError(`${dir}: no report.json there (nor under latest/)`);
}

/** The report of a run folder (or a report.json path) and its trace, when written. */
export async function readRunReport(
  location: string,
): Promise<{ file: string; report: RunReport; trace: TraceRecord[] }> {
  const folder = location.endsWith('.json') ? path.dirname(location) : reportFolder(location);
  const file = location.endsWith('.json') ? location : path.join(folder, 'report.json');
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ReportFileError(`${file}: cannot read it as JSON: ${(error as Error).message}`);
  }
  const parsed = ReportJson.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReportFileError(
      `${file}: not a nanorpc-hil report.json: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
    );
  }
  const tracePath = path.join(folder, 'trace.jsonl');
  const trace: TraceRecord[] = [];
  if (existsSync(tracePath)) {
    const lines = (await readFile(tracePath, 'utf8')).split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const record = TraceLine.safeParse(JSON.parse(line));
      if (!record.success)
        throw new ReportFileError(`${tracePath}:${index + 1}: not a trace record`);
      trace.push(record.data as unknown as TraceRecord);
    });
  }
  return { file, report: parsed.data as unknown as RunReport, trace };
}
