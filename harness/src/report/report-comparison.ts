import { percentile } from './latency-stats.js';
import type { RunReport, ScenarioResult, Verdict } from './run-report.js';

/*
 * Two runs side by side (an old firmware and a new one): which scenarios changed verdict, and
 * which step kinds got slower beyond a tolerance. A regression is a scenario that now fails
 * where it did not, or a p50/p99 latency that grew by more than the tolerance (and the floor).
 */

export interface VerdictChange {
  target: string;
  file: string;
  name: string;
  iteration: number;
  /** `absent`: not in that report. */
  before: Verdict | 'absent';
  after: Verdict | 'absent';
  regression: boolean;
}

export interface LatencyChange {
  target: string;
  kind: string;
  percentile: 'p50' | 'p99';
  beforeMs: number;
  afterMs: number;
  /** (after - before) / before. */
  change: number;
  regression: boolean;
}

export interface LatencyTolerance {
  /** A rise above this fraction is a regression (0.25 = 25 %). */
  fraction: number;
  /** ...when it is also more than this many ms (sub-ms noise is no regression). */
  floorMs: number;
}

export interface ReportComparison {
  before: RunSummary;
  after: RunSummary;
  verdicts: VerdictChange[];
  /** Every p50/p99 per target and step kind found in both runs. */
  latencies: LatencyChange[];
  regressions: number;
}

export interface RunSummary {
  runId: string;
  tool: string;
  targets: { name: string; firmwareVersion?: string }[];
  totals: RunReport['totals'];
}

const targetOf = (report: RunReport, scenario: ScenarioResult): string =>
  scenario.target ?? report.target.label ?? report.target.name;

function summary(report: RunReport): RunSummary {
  return {
    runId: report.runId,
    tool: `${report.tool.name} ${report.tool.version}`,
    targets: (report.targets ?? [report.target]).map((target) => ({
      name: target.label ?? target.name,
      ...(target.firmwareVersion !== undefined && { firmwareVersion: target.firmwareVersion }),
    })),
    totals: report.totals,
  };
}

/** Latency samples per target and step kind, from scenarios that ran. */
function latencySamples(report: RunReport): Map<string, number[]> {
  const samples = new Map<string, number[]>();
  for (const scenario of report.scenarios) {
    if (scenario.verdict === 'skipped') continue;
    for (const step of scenario.steps) {
      if (step.latencyMs === undefined || !Number.isFinite(step.latencyMs)) continue;
      const key = `${targetOf(report, scenario)}\u0000${step.kind}`;
      const list = samples.get(key) ?? [];
      list.push(step.latencyMs);
      samples.set(key, list);
    }
  }
  return samples;
}

function isRegression(before: Verdict | 'absent', after: Verdict | 'absent'): boolean {
  return after === 'failed' && before !== 'failed' && before !== 'absent';
}

export function compareReports(
  before: RunReport,
  after: RunReport,
  tolerance: LatencyTolerance,
): ReportComparison {
  const key = (report: RunReport, s: ScenarioResult): string =>
    `${targetOf(report, s)}\u0000${s.file}\u0000${s.name}\u0000${s.iteration}`;
  const old = new Map(before.scenarios.map((s) => [key(before, s), s]));
  const now = new Map(after.scenarios.map((s) => [key(after, s), s]));
  const verdicts: VerdictChange[] = [];
  for (const k of new Set([...old.keys(), ...now.keys()])) {
    const was = old.get(k);
    const is = now.get(k);
    const any = (is ?? was) as ScenarioResult;
    const beforeVerdict = was?.verdict ?? 'absent';
    const afterVerdict = is?.verdict ?? 'absent';
    if (beforeVerdict === afterVerdict) continue;
    verdicts.push({
      target: targetOf(is === undefined ? before : after, any),
      file: any.file,
      name: any.name,
      iteration: any.iteration,
      before: beforeVerdict,
      after: afterVerdict,
      regression: isRegression(beforeVerdict, afterVerdict),
    });
  }
  const oldLatency = latencySamples(before);
  const newLatency = latencySamples(after);
  const latencies: LatencyChange[] = [];
  for (const [k, values] of newLatency) {
    const previous = oldLatency.get(k);
    if (previous === undefined) continue;
    const [target = '', kind = ''] = k.split('\u0000');
    const a = [...previous].sort((x, y) => x - y);
    const b = [...values].sort((x, y) => x - y);
    for (const [name, p] of [
      ['p50', 50],
      ['p99', 99],
    ] as const) {
      const beforeMs = percentile(a, p);
      const afterMs = percentile(b, p);
      const change = beforeMs > 0 ? (afterMs - beforeMs) / beforeMs : 0;
      latencies.push({
        target,
        kind,
        percentile: name,
        beforeMs,
        afterMs,
        change,
        regression: change > tolerance.fraction && afterMs - beforeMs > tolerance.floorMs,
      });
    }
  }
  latencies.sort((x, y) => x.target.localeCompare(y.target) || x.kind.localeCompare(y.kind));
  return {
    before: summary(before),
    after: summary(after),
    verdicts,
    latencies,
    regressions:
      verdicts.filter((change) => change.regression).length +
      latencies.filter((change) => change.regression).length,
  };
}
