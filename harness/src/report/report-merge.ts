import type { RunReport, ScenarioResult, TargetInfo, TraceRecord } from './run-report.js';

/** Reports that must not be merged (different suites or tool versions, a shard twice). */
export class ReportMergeError extends Error {}

export interface MergeInput {
  /** Where it came from, for messages. */
  file: string;
  report: RunReport;
  trace: TraceRecord[];
}

/** Totals counted from the results themselves. */
export function countVerdicts(scenarios: readonly ScenarioResult[]): RunReport['totals'] {
  const count = (verdict: ScenarioResult['verdict']): number =>
    scenarios.filter((result) => result.verdict === verdict).length;
  const flaky = count('flaky');
  return {
    scenarios: scenarios.length,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    ...(flaky > 0 && { flaky }),
  };
}

function describe(input: MergeInput): string {
  const { report } = input;
  const shard =
    report.shard === undefined ? '' : ` (shard ${report.shard.index}/${report.shard.count})`;
  return `${input.file}${shard}`;
}

/**
 * One report from the reports of a suite's shards: the scenarios of every shard, the targets
 * once each, the traces in time order (renumbered). Refuses inputs of different suites (the
 * suite id of --shard runs) or tool versions, and a shard given twice.
 */
export function mergeReports(
  inputs: readonly MergeInput[],
  runId: string,
): { report: RunReport; trace: TraceRecord[] } {
  const [first] = inputs;
  if (first === undefined) throw new ReportMergeError('no report to merge');
  for (const input of inputs.slice(1)) {
    const a = first.report;
    const b = input.report;
    if (a.tool.name !== b.tool.name || a.tool.version !== b.tool.version)
      throw new ReportMergeError(
        `different tool versions: ${describe(first)} was written by ${a.tool.name} ${a.tool.version}, ` +
          `${describe(input)} by ${b.tool.name} ${b.tool.version}`,
      );
    if (a.suite?.id !== b.suite?.id)
      throw new ReportMergeError(
        `different suites: ${describe(first)} ran suite ${a.suite?.id ?? '(no suite id)'} ` +
          `(${a.suite?.scenarios ?? '?'} scenarios), ${describe(input)} ran ${b.suite?.id ?? '(no suite id)'} ` +
          `(${b.suite?.scenarios ?? '?'} scenarios); shards must select the same scenarios`,
      );
    // Slices of different splits (1/2 and 2/3), or a whole run and a slice, overlap and miss.
    if (a.shard?.count !== b.shard?.count)
      throw new ReportMergeError(
        `different splits: ${describe(first)} and ${describe(input)} are not shards of one ` +
          '--shard i/n split (every report needs the same n, or none --shard)',
      );
  }
  const seen = new Map<string, MergeInput>();
  for (const input of inputs) {
    const shard = input.report.shard;
    if (shard === undefined) continue;
    const key = `${shard.index}/${shard.count}`;
    const earlier = seen.get(key);
    if (earlier !== undefined)
      throw new ReportMergeError(`shard ${key} is given twice: ${earlier.file} and ${input.file}`);
    seen.set(key, input);
  }
  const targets = new Map<string, TargetInfo>();
  for (const input of inputs)
    for (const target of input.report.targets ?? [input.report.target])
      if (!targets.has(target.label ?? target.name))
        targets.set(target.label ?? target.name, target);
  // Results of a single-target report carry no target; among several they must, or JUnit,
  // the matrix and the trace links would not find them.
  const labelled = (input: MergeInput): string | undefined =>
    targets.size > 1 && input.report.targets === undefined
      ? (input.report.target.label ?? input.report.target.name)
      : undefined;
  const scenarios = inputs.flatMap((input) => {
    const target = labelled(input);
    return target === undefined
      ? input.report.scenarios
      : input.report.scenarios.map((scenario) => ({ ...scenario, target }));
  });
  const starts = inputs.map((input) => Date.parse(input.report.startedAt));
  const ends = inputs.map((input, i) => (starts[i] ?? 0) + input.report.durationMs);
  const start = Math.min(...starts);
  const trace = inputs
    .flatMap((input) => {
      const target = labelled(input);
      return target === undefined
        ? input.trace
        : input.trace.map((record) => ({ ...record, target }));
    })
    .sort((a, b) => a.time - b.time)
    .map((record, index) => ({ ...record, seq: index + 1 }));
  const list = [...targets.values()];
  return {
    report: {
      tool: first.report.tool,
      runId,
      startedAt: new Date(start).toISOString(),
      durationMs: Math.max(...ends) - start,
      target: list[0] ?? first.report.target,
      ...(list.length > 1 && { targets: list }),
      ...(first.report.suite !== undefined && { suite: first.report.suite }),
      totals: countVerdicts(scenarios),
      scenarios,
    },
    trace,
  };
}
