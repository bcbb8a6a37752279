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
  const folder = runFolderName(report.runId);
  const dir = path.join(base, folder);
  const files = await writeReports(dir, report, trace);
  const latest = path.join(base, 'latest');
  await rm(latest, { force: true, recursive: false }).catch(() => undefined);
  try {
    await symlink(folder, latest, 'dir');
  } catch {
    // No symlinks here (some Windows setups): LATEST below says where the run is.
  }
  await writeFile(path.join(base, 'LATEST'), `${folder}\n`, 'utf8');
  return { dir, files };
}

/**
 * The run's folder: one path segment, whatever the run id holds, so `--report DIR` never
 * writes outside DIR (docs/security.md). Our run ids already are; a hand-made one is cleaned.
 */
export function runFolderName(runId: string): string {
  const name = runId.replace(/[^A-Za-z0-9._-]/g, '_');
  return name === '' || /^\.+$/.test(name) ? `_${name}` : name;
}
