import { performance } from 'node:perf_hooks';

/** One line of the benchmark table. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  detail?: string;
}

/**
 * Runs `operation` repeatedly for about `durationMs` after a warm-up and returns operations
 * per second. Batches amortise the clock reads for sub-microsecond operations.
 */
export function opsPerSecond(operation: () => void, durationMs = 400): number {
  const batch = 256;
  const warmUpEnd = performance.now() + durationMs / 4;
  while (performance.now() < warmUpEnd) for (let i = 0; i < batch; i++) operation();
  let operations = 0;
  const start = performance.now();
  let now = start;
  while (now - start < durationMs) {
    for (let i = 0; i < batch; i++) operation();
    operations += batch;
    now = performance.now();
  }
  return (operations * 1000) / (now - start);
}

/** The value at quantile q (0..1) of unsorted samples. */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] as number;
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value >= 1000) return Math.round(value).toLocaleString('en-US');
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(3);
}

/** Renders rows as an aligned text table. */
export function formatTable(rows: BenchRow[]): string {
  const cells = rows.map((row) => [row.name, formatValue(row.value), row.unit, row.detail ?? '']);
  const header = ['benchmark', 'value', 'unit', 'detail'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => (line[column] ?? '').length)),
  );
  const render = (line: string[]): string =>
    line
      .map((cell, column) =>
        column === 1 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(render)].join(
    '\n',
  );
}
