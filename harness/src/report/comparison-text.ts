import type { ReportComparison, RunSummary } from './report-comparison.js';

const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const percent = (value: number): string => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(0)} %`;

export function describeRun(run: RunSummary): string {
  const firmware = run.targets
    .map(
      (t) =>
        `${t.name}${t.firmwareVersion === undefined ? '' : ` (firmware ${t.firmwareVersion})`}`,
    )
    .join(', ');
  const { totals } = run;
  return `${run.runId} · ${run.tool} · ${firmware} · ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
}

/** `nanorpc-hil compare` as text: the runs, verdict changes, latencies that moved. */
export function renderComparisonText(comparison: ReportComparison): string {
  const lines = [
    `old: ${describeRun(comparison.before)}`,
    `new: ${describeRun(comparison.after)}`,
    '',
  ];
  if (comparison.verdicts.length === 0) lines.push('verdicts: no change');
  else {
    lines.push('verdicts:');
    for (const change of comparison.verdicts)
      lines.push(
        `  ${change.regression ? 'REGRESSION' : 'changed   '} [${change.target}] ${change.name} (${change.file}): ${change.before} -> ${change.after}`,
      );
  }
  const moved = comparison.latencies.filter(
    (change) => change.regression || Math.abs(change.change) > 0.1,
  );
  lines.push('');
  if (moved.length === 0) lines.push('latency: no change beyond 10 %');
  else {
    lines.push('latency (per target and step kind):');
    for (const change of moved)
      lines.push(
        `  ${change.regression ? 'REGRESSION' : 'moved     '} [${change.target}] ${change.kind} ${change.percentile}: ${ms(change.beforeMs)} -> ${ms(change.afterMs)} (${percent(change.change)})`,
      );
  }
  lines.push(
    '',
    comparison.regressions === 0 ? 'no regression' : `${comparison.regressions} regression(s)`,
    '',
  );
  return lines.join('\n');
}
