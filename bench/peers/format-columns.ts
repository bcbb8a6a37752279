/** Aligns rows of cells into a text table: a rule under the first row, `right` columns padded left. */
export function formatColumns(rows: string[][], right: number[] = []): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  }
  const render = (row: string[]): string =>
    row
      .map((cell, column) =>
        right.includes(column)
          ? cell.padStart(widths[column] ?? 0)
          : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const [header, ...body] = rows;
  return [
    render(header ?? []),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map(render),
  ].join('\n');
}
