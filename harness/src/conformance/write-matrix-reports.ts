import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConformanceMatrix } from './conformance-matrix.js';
import { renderMatrixHtml } from './matrix-html.js';
import { renderCellJunit } from './matrix-junit.js';

export interface MatrixReportFiles {
  html: string;
  json: string;
  /** One junit.xml per cell. */
  junit: string[];
}

const fileName = (text: string): string =>
  text.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '');

/** conformance.html, conformance.json and junit/<server>__<client>.xml under `dir`. */
export async function writeMatrixReports(
  dir: string,
  matrix: ConformanceMatrix,
): Promise<MatrixReportFiles> {
  const files: MatrixReportFiles = {
    html: path.join(dir, 'conformance.html'),
    json: path.join(dir, 'conformance.json'),
    junit: matrix.cells.map((cell) =>
      path.join(dir, 'junit', `${fileName(cell.server)}__${fileName(cell.client)}.xml`),
    ),
  };
  // Everything rendered before the first write, so a rendering bug leaves no half set.
  const contents: [string, string][] = [
    [files.html, renderMatrixHtml(matrix)],
    [files.json, `${JSON.stringify(matrix, null, 2)}\n`],
    ...matrix.cells.map((cell, i): [string, string] => [
      files.junit[i] ?? '',
      renderCellJunit(cell),
    ]),
  ];
  await mkdir(path.join(dir, 'junit'), { recursive: true });
  await Promise.all(contents.map(([file, text]) => writeFile(file, text, 'utf8')));
  return files;
}
