import type { RunReport } from './run-report.js';

/** Latency figures of one kind of exchange (a step kind and the path it used). */
export interface LatencyRow {
  kind: string;
  path: string;
  count: number;
  minMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The first path-like word of a step title (`request /calc/multiply 6*7` -> `/calc/multiply`). */
function pathInTitle(title: string): string {
  return /(?:^|\s)(\/[^\s]*)/.exec(title)?.[1] ?? '';
}

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

/**
 * Round-trip latencies of every step that measured one, grouped by step kind and path (the
 * step's `path`, else the first /path in its title), over every scenario and iteration of the
 * run. Rows are sorted by kind, then path.
 */
export function latencyTable(report: RunReport): LatencyRow[] {
  const samples = new Map<string, { kind: string; path: string; values: number[] }>();
  for (const scenario of report.scenarios) {
    for (const step of scenario.steps) {
      if (step.latencyMs === undefined || !Number.isFinite(step.latencyMs)) continue;
      const path = step.path ?? pathInTitle(step.title);
      const key = `${step.kind}\u0000${path}`;
      let entry = samples.get(key);
      if (entry === undefined) {
        entry = { kind: step.kind, path, values: [] };
        samples.set(key, entry);
      }
      entry.values.push(step.latencyMs);
    }
  }
  const rows: LatencyRow[] = [];
  for (const { kind, path, values } of samples.values()) {
    const sorted = [...values].sort((a, b) => a - b);
    rows.push({
      kind,
      path,
      count: sorted.length,
      minMs: sorted[0] as number,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      maxMs: sorted[sorted.length - 1] as number,
    });
  }
  return rows.sort((a, b) => a.kind.localeCompare(b.kind) || a.path.localeCompare(b.path));
}
