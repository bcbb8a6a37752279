import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Every document a file cites exists in the repository, and no file names a path of a
 * development machine: the repository is all a user gets.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((file) => /\.(ts|mjs|js|c|h|cpp|py|sh|go|ini|md|ya?ml|json)$/.test(file))
  .filter((file) => !file.startsWith('firmware/fuzz/corpus/') && file !== 'package-lock.json');

const text = (file: string): string =>
  existsSync(path.join(ROOT, file)) ? readFileSync(path.join(ROOT, file), 'utf8') : '';

// A cited document: a repository path ending in .md (a docs/ page, firmware/README.md, ...).
const CITED_DOC = /\b((?:[\w.-]+\/)*[\w.-]+\.md)\b/g;
const DEV_MACHINE_PATH = /(?:^|[\s'"`(=])(\/work\/|\/home\/[a-z]|\/root\/|[A-Z]:\\Users\\)/m;

describe('documents cited by the repository files', () => {
  it('exist', () => {
    const missing: string[] = [];
    for (const file of tracked) {
      // A markdown link's text is a label; its target is checked.
      const body = text(file).replace(/\[[^\]\n]*\]\(/g, '(');
      for (const match of body.matchAll(CITED_DOC)) {
        const cited = match[1] as string;
        if (/^\.\.\/|github\.com\/|node_modules/.test(cited)) continue;
        // Relative to the root, or to the citing file's folder or one of its parents.
        const candidates = [path.join(ROOT, cited)];
        for (let dir = path.dirname(file); dir !== '.'; dir = path.dirname(dir)) {
          candidates.push(path.join(ROOT, dir, cited));
        }
        if (!candidates.some((candidate) => existsSync(candidate))) {
          missing.push(`${file} cites ${cited}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('name no path of a development machine', () => {
    const found = tracked.filter((file) => DEV_MACHINE_PATH.test(text(file)));
    expect(found).toEqual([]);
  });
});
