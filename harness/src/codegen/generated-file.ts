import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One file a generator produces, named relative to the output folder. */
export interface GeneratedFile {
  name: string;
  text: string;
  /** One line for the command's output: what the file holds. */
  summary: string;
}

/**
 * Writes the files into `outDir` (created if needed). Each goes through a temporary name and a
 * rename, so a build that reads the folder never sees half a header.
 */
export async function writeGeneratedFiles(
  outDir: string,
  files: readonly GeneratedFile[],
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const file of files) {
    const target = path.join(outDir, file.name);
    const temporary = `${target}.tmp-${process.pid}`;
    await writeFile(temporary, file.text, 'utf8');
    await rename(temporary, target);
    written.push(target);
  }
  return written;
}

/**
 * Text (a request path) for inside a generated block comment: a star then a slash would end
 * the comment, and a slash then a star inside one is a gcc -Wcomment warning, so a backslash
 * goes between the two characters of either.
 */
export function commentText(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\/\*/g, '/\\*');
}
