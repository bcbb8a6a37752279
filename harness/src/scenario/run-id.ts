import { randomBytes } from 'node:crypto';

/**
 * A run's id: the start time in UTC, sortable and safe in file names, plus a short random
 * suffix so two runs in the same second do not share a folder: 2026-11-25T17-30-00Z-3f9a.
 */
export function makeRunId(start: Date = new Date()): string {
  const stamp = start
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}
