import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ScenarioFileError } from './scenario-file-error.js';

const SCENARIO_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Files in a scenario folder that are not scenarios. */
function isScenarioFileName(name: string): boolean {
  if (name.startsWith('_') || name.startsWith('.')) return false;
  if (name.endsWith('.schema.json')) return false;
  return SCENARIO_EXTENSIONS.has(path.extname(name).toLowerCase());
}

async function walk(folder: string, relative: string, found: string[]): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const childRelative = path.join(relative, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      await walk(path.join(folder, entry.name), childRelative, found);
    } else if (isScenarioFileName(entry.name)) {
      found.push(childRelative);
    }
  }
}

/**
 * The scenario files named by `inputs` (files, or folders searched recursively for .yaml, .yml
 * and .json; `_*`, dot files and *.schema.json are skipped), in a stable order, each once.
 * Paths stay as the user wrote them (relative to `cwd` when relative).
 */
export async function findScenarioFiles(inputs: readonly string[], cwd: string): Promise<string[]> {
  const found: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    const info = await stat(absolute).catch(() => undefined);
    if (info === undefined) {
      throw new ScenarioFileError([
        { file: input, line: 0, column: 0, field: '', message: 'no such file or folder' },
      ]);
    }
    if (info.isDirectory()) {
      const before = found.length;
      await walk(absolute, input, found);
      if (found.length === before) {
        throw new ScenarioFileError([
          {
            file: input,
            line: 0,
            column: 0,
            field: '',
            message: 'no scenario files (.yaml, .yml, .json) in this folder',
          },
        ]);
      }
    } else if (!SCENARIO_EXTENSIONS.has(path.extname(input).toLowerCase())) {
      throw new ScenarioFileError([
        {
          file: input,
          line: 0,
          column: 0,
          field: '',
          message: 'not a scenario file: scenario files end in .yaml, .yml or .json',
        },
      ]);
    } else {
      found.push(input);
    }
  }
  const seen = new Set<string>();
  return found.filter((file) => {
    const key = path.resolve(cwd, file);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
