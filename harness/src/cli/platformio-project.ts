import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './usage-error.js';

/** The `[env:NAME]` sections of a platformio.ini, in file order. */
export async function platformioEnvironments(projectDir: string): Promise<string[]> {
  const file = path.join(projectDir, 'platformio.ini');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`no platformio.ini in ${projectDir}`, { cause: error });
  }
  return [...text.matchAll(/^\[env:([^\]\s]+)\]/gm)].map((match) => match[1] as string);
}
