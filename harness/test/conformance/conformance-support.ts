import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceMatrix, MatrixCell } from '../../src/conformance/conformance-matrix.js';
import { runCli } from '../../src/cli/run-cli.js';
import { memoryIo } from '../cli/memory-io.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The built harness command (the harness driver is spawned from it, as a user would). */
export const OWN_COMMAND = path.join(REPO, 'harness/dist/cli/main.js');

export const GO_BIN = path.join(REPO, 'interop/go-reference/bin');

/** The Go adapters are required unless explicitly waived (a machine without Go). */
export function requireGoReference(): boolean {
  if (process.env.NANORPC_SKIP_GO_REFERENCE === '1') return false;
  if (!existsSync(path.join(GO_BIN, 'nanorpc-ref-client')))
    throw new Error('the Go reference adapters are not built: npm run interop:build');
  return true;
}

export interface MatrixRun {
  status: number;
  stdout: string;
  stderr: string;
  dir: string;
  matrix: ConformanceMatrix;
}

/** `nanorpc-hil conformance ...` in-process, reports in a fresh folder. */
export async function runConformance(args: readonly string[]): Promise<MatrixRun> {
  if (!existsSync(OWN_COMMAND)) throw new Error(`${OWN_COMMAND} is missing: npm run build`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nanorpc-conformance-'));
  const io = memoryIo(REPO);
  const status = await runCli(['conformance', ...args, '--report-dir', dir], io);
  const json = path.join(dir, 'conformance.json');
  if (!existsSync(json)) throw new Error(`no report (status ${status}): ${io.stderr.text}`);
  const matrix = JSON.parse(await readFile(json, 'utf8')) as ConformanceMatrix;
  return { status, stdout: io.stdout.text, stderr: io.stderr.text, dir, matrix };
}

export function cellOf(run: MatrixRun, server: string, client: string): MatrixCell {
  const cell = run.matrix.cells.find((c) => c.server === server && c.client === client);
  if (cell === undefined) throw new Error(`no cell ${server} x ${client}: ${run.stdout}`);
  return cell;
}

/** Names of the cases of a cell with this verdict. */
export function namesWith(cell: MatrixCell, verdict: string): string[] {
  return cell.cases.filter((c) => c.verdict === verdict).map((c) => c.name);
}

/** The junit files written, by name. */
export async function junitFiles(run: MatrixRun): Promise<string[]> {
  return (await readdir(path.join(run.dir, 'junit'))).sort();
}
