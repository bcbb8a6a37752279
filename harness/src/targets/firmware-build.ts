import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withBuildLock } from './build-lock.js';
import { readLines, RecentLines } from './output-lines.js';
import { TargetStartError } from './target-start-error.js';

/** The make goals of firmware/Makefile the targets use, and what each one builds. */
export const FIRMWARE_ARTIFACTS = {
  host: 'build/host/nanorpc-device',
  qemu: 'build/qemu-lm3s6965/nanorpc-demo.elf',
} as const;

export type FirmwareGoal = keyof typeof FIRMWARE_ARTIFACTS;

/** The repository's firmware/ folder (from src/targets or dist/targets). */
export const REPOSITORY_FIRMWARE_DIR = fileURLToPath(
  new URL('../../../firmware/', import.meta.url),
);

/** A clean build fetches nanopb and compiles everything: allow minutes, not seconds. */
const BUILD_TIMEOUT_MS = 10 * 60_000;

export interface FirmwareBuildOptions {
  /** The firmware folder (has the Makefile). */
  firmwareDir: string;
  log: (line: string) => void;
  signal: AbortSignal;
}

/** `firmware-dir=` setting (relative to the run's folder), else the repository's firmware/. */
export function firmwareDirectory(settings: Readonly<Record<string, string>>, cwd: string): string {
  const given = settings['firmware-dir'];
  return given === undefined ? REPOSITORY_FIRMWARE_DIR : path.resolve(cwd, given);
}

function runMake(goal: FirmwareGoal, options: FirmwareBuildOptions): Promise<void> {
  const args = ['-s', '-C', options.firmwareDir, goal];
  options.log(`make ${args.join(' ')}`);
  const recent = new RecentLines();
  return new Promise((resolve, reject) => {
    const child = spawn('make', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const onLine = (line: string): void => {
      recent.add(line);
      options.log(line);
    };
    readLines(child.stdout, onLine);
    readLines(child.stderr, onLine);
    const onAbort = (): void => void child.kill('SIGTERM');
    const timer = setTimeout(onAbort, BUILD_TIMEOUT_MS);
    options.signal.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      done();
      const hint =
        error.code === 'ENOENT'
          ? ' (install make, or give a prebuilt file with --target-option)'
          : '';
      reject(new TargetStartError(`cannot run make: ${error.message}${hint}`, { cause: error }));
    });
    child.once('close', (code, signal) => {
      done();
      if (code === 0) resolve();
      else {
        const how = code !== null ? `status ${code}` : `signal ${signal ?? '?'}`;
        reject(
          new TargetStartError(
            `make ${goal} in ${options.firmwareDir} failed with ${how}` +
              `${options.signal.aborted ? ' (interrupted)' : ''}${recent.quote()}`,
          ),
        );
      }
    });
  });
}

/**
 * Brings the firmware's `goal` up to date and returns the path of what it builds. Runs make
 * every time: it is quick when nothing changed and it knows the dependencies, so an edited
 * source is always rebuilt.
 */
export async function buildFirmware(
  goal: FirmwareGoal,
  options: FirmwareBuildOptions,
): Promise<string> {
  try {
    await access(path.join(options.firmwareDir, 'Makefile'));
  } catch {
    throw new TargetStartError(
      `no firmware sources at ${options.firmwareDir}: give --target-option ` +
        `${goal === 'host' ? 'binary' : 'image'}=PATH (a prebuilt file) or firmware-dir=PATH`,
    );
  }
  await withBuildLock(options.firmwareDir, () => runMake(goal, options), {
    signal: options.signal,
    timeoutMs: BUILD_TIMEOUT_MS,
    log: options.log,
  });
  const artifact = path.join(options.firmwareDir, FIRMWARE_ARTIFACTS[goal]);
  try {
    await access(artifact);
  } catch {
    throw new TargetStartError(`make ${goal} succeeded but ${artifact} does not exist`);
  }
  return artifact;
}

/**
 * The file a target runs: the prebuilt one named by the `setting` (binary=, image=; relative to
 * the run's folder) as it is, else the repository's firmware built by make.
 */
export async function firmwareArtifact(
  goal: FirmwareGoal,
  setting: string,
  start: {
    cwd: string;
    settings: Readonly<Record<string, string>>;
    signal: AbortSignal;
  },
  log: (line: string) => void,
): Promise<string> {
  const given = start.settings[setting];
  if (given !== undefined) {
    const file = path.resolve(start.cwd, given);
    try {
      await access(file);
    } catch {
      throw new TargetStartError(`--target-option ${setting}=${given}: ${file} does not exist`);
    }
    return file;
  }
  return buildFirmware(goal, {
    firmwareDir: firmwareDirectory(start.settings, start.cwd),
    log,
    signal: start.signal,
  });
}
