import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/run-cli.js';
import { memoryIo } from '../cli/memory-io.js';

/** The repository root: proto/, firmware/ and node_modules/ are below it. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export interface GenRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** `nanorpc-hil gen ...` in-process, from `cwd`. */
export async function runGen(argv: string[], cwd: string = REPO_ROOT): Promise<GenRun> {
  const io = memoryIo(cwd);
  const status = await runCli(['gen', ...argv], io);
  return { status, stdout: io.stdout.text, stderr: io.stderr.text };
}

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `nanorpc-gen-${prefix}-`));
}
