import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fnv1a32 } from '@nanorpc-sim/core';
import { TargetStartError } from './target-start-error.js';
import { processAlive } from './process-alive.js';

/** A lock younger than this with no owner file yet is being taken, not abandoned. */
const OWNERLESS_GRACE_MS = 5000;
const POLL_MS = 100;

/** The lock directory for one firmware folder (in the temp folder, not in the sources). */
export function buildLockPath(firmwareDir: string): string {
  const key = fnv1a32(path.resolve(firmwareDir)).toString(16).padStart(8, '0');
  return path.join(os.tmpdir(), `nanorpc-hil-build-${key}.lock`);
}

/** True when the lock at `lock` was left by a process that is gone. */
async function abandoned(lock: string): Promise<boolean> {
  const owner = Number.parseInt(
    await readFile(path.join(lock, 'owner'), 'utf8').catch(() => ''),
    10,
  );
  if (Number.isInteger(owner) && owner > 0) return !processAlive(owner);
  const info = await stat(lock).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > OWNERLESS_GRACE_MS;
}

/**
 * Runs `work` while holding the build lock of `firmwareDir`, so two runs (two jest files, two
 * CI jobs) never run make in the same folder at once: the host and QEMU builds share generated
 * files. mkdir is atomic; a lock whose owner process is gone is taken over.
 */
export async function withBuildLock<T>(
  firmwareDir: string,
  work: () => Promise<T>,
  options: { signal: AbortSignal; timeoutMs: number; log: (line: string) => void },
): Promise<T> {
  const lock = buildLockPath(firmwareDir);
  const deadline = Date.now() + options.timeoutMs;
  let told = false;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await abandoned(lock)) {
      await rm(lock, { recursive: true, force: true });
      continue;
    }
    if (options.signal.aborted)
      throw new TargetStartError('waiting for the firmware build lock was interrupted');
    if (Date.now() > deadline) {
      throw new TargetStartError(
        `another build of ${firmwareDir} held ${lock} for ${options.timeoutMs} ms; ` +
          'remove it if no build is running',
      );
    }
    if (!told) options.log(`waiting for another build of ${firmwareDir} (${lock})`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    await writeFile(path.join(lock, 'owner'), String(process.pid));
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
