import type { ConformanceMatrix } from './conformance-matrix.js';
import { VERDICTS } from './verdict.js';

/** The matrix as a plain table for the terminal: one line per server, counts per client. */
export function renderMatrixText(matrix: ConformanceMatrix): string {
  const short: Record<string, string> = {
    OK: 'ok',
    'NON-STRICT': 'non-strict',
    FAILED: 'failed',
    UNSUPPORTED: 'unsupported',
  };
  const text = (server: string, client: string): string => {
    const cell = matrix.cells.find((c) => c.server === server && c.client === client);
    if (cell === undefined) return '-';
    const parts = VERDICTS.filter((v) => cell.counts[v] > 0).map(
      (v) => `${cell.counts[v]} ${short[v]}`,
    );
    return parts.length === 0 ? 'no cases' : parts.join(', ');
  };
  const header = ['server \\ client', ...matrix.clients];
  const rows = matrix.servers.map((server) => [
    server,
    ...matrix.clients.map((client) => text(server, client)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line), ''].join(
    '\n',
  );
}
