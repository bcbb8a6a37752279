import { rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunReport, TraceRecord } from '../report/run-report.js';
import { writeReports, type ReportFiles } from '../report/write-reports.js';

/**
 * Writes a run's reports into `<base>/<run id>/` and points `<base>/latest` at it (a relative
 * symlink; where links cannot be made, `<base>/LATEST` holds the folder's name instead).
 */
export async function writeRunReports(
  base: string,
  report: RunReport,
  trace: TraceRecord[],
): Promise<{ dir: string; files: ReportFiles }> {
  const dir = path.join(base, report.runId);
  const files = await writeReports(dir, report, trace);
  const latest = path.join(base, 'latest');
  await rm(latest, { force: true, recursive: false }).catch(() => undefined);
  try {
    await symlink(report.runId, latest, 'dir');
  } catch {
    // No symlinks here (some Windows setups): LATEST below says where the run is.
  }
  await writeFile(path.join(base, 'LATEST'), `${report.runId}\n`, 'utf8');
  return { dir, files };
}
