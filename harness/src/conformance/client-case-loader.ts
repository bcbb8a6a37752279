import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { NanoRpcError } from '@nanorpc-sim/core';
import { ClientCase } from './client-case-schema.js';
import type { LoadedCase } from './client-case-runner.js';

/**
 * Client cases end in `.case` (YAML inside) rather than .yaml, so `nanorpc-hil run scenarios`
 * does not take them for scenario files: they drive a client, not a device.
 */
export const CASE_EXTENSION = '.case';

export class CaseFileError extends NanoRpcError {
  constructor(message: string) {
    super('ERR_SCENARIO_FILE', message);
  }
}

async function walk(folder: string, found: string[]): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) await walk(full, found);
    else if (entry.name.endsWith(CASE_EXTENSION)) found.push(full);
  }
}

/** Every case under `folder` (or the one .case file named), in file-name order. */
export async function loadClientCases(folder: string, cwd: string): Promise<LoadedCase[]> {
  const files: string[] = [];
  if (folder.endsWith(CASE_EXTENSION)) files.push(path.resolve(cwd, folder));
  else await walk(path.resolve(cwd, folder), files);
  if (files.length === 0) throw new CaseFileError(`${folder}: no ${CASE_EXTENSION} files`);
  const cases: LoadedCase[] = [];
  for (const file of files) {
    const relative = path.relative(cwd, file);
    const parsed = ClientCase.safeParse(parse(await readFile(file, 'utf8')));
    if (!parsed.success) throw new CaseFileError(`${relative}: ${z.prettifyError(parsed.error)}`);
    cases.push({ file: relative, spec: parsed.data });
  }
  return cases;
}
