import { frameDetail } from './frame-label.js';
import { formatValue } from './json-safe.js';
import { latencyTable } from './latency-stats.js';
import { escapeHtml } from './markup-escape.js';
import type { RunReport, ScenarioResult, StepResult, TraceRecord, Verdict } from './run-report.js';
import { traceByScenario } from './scenario-trace.js';
import { reportTargets, targetMatrixSection } from './target-matrix-html.js';
import { formatOffset, renderSequenceChart } from './sequence-chart.js';

/*
 * report.html: one self-contained page for people. Inline CSS, inline SVG, a few lines of inline
 * script for expanding scenarios; nothing is loaded from anywhere. Everything that came from a
 * scenario, a device or the trace is escaped.
 */

const e = escapeHtml;

const STYLE = `
:root{--ok:#1e7d32;--bad:#c62828;--skip:#8a6d00;--ink:#1d2330;--mute:#5f6775;--line:#d9dde4;--bg:#f6f7f9}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#1d2330;color:#fff;padding:18px 28px}
header h1{margin:0 0 4px;font-size:20px;font-weight:600}
header .meta{color:#c5cad3;font-size:13px}
main{padding:20px 28px;max-width:1500px}
section{margin-bottom:28px}
h2{font-size:16px;margin:0 0 10px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:14px}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px 16px;min-width:130px}
.card .n{font-size:22px;font-weight:600}
.card .l{color:var(--mute);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card.passed .n{color:var(--ok)}.card.failed .n{color:var(--bad)}.card.skipped .n{color:var(--skip)}
table{border-collapse:collapse;background:#fff;border:1px solid var(--line);width:100%}
th,td{text-align:left;padding:5px 9px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef0f4;font-weight:600;font-size:12px;color:#3a4150}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
pre{margin:4px 0;padding:8px;background:#f3f4f7;border:1px solid var(--line);border-radius:4px;white-space:pre-wrap;word-break:break-all;max-height:320px;overflow:auto}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}
.badge.flaky{background:#b85c00}.badge.passed{background:var(--ok)}.badge.failed{background:var(--bad)}.badge.skipped{background:var(--skip)}
.tag{display:inline-block;padding:0 6px;margin-right:3px;border-radius:3px;background:#e4e7ee;color:#3a4150;font-size:11px}
details.scenario{background:#fff;border:1px solid var(--line);border-left:4px solid var(--ok);border-radius:5px;margin-bottom:10px}
details.scenario.failed{border-left-color:var(--bad)}details.scenario.skipped{border-left-color:var(--skip)}
details.scenario>summary{cursor:pointer;padding:9px 14px;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
details.scenario>summary .name{font-weight:600}
details.scenario>summary .file{color:var(--mute)}
details.scenario>summary .dur{margin-left:auto;color:var(--mute);font-variant-numeric:tabular-nums}
.scenario-body{padding:4px 14px 14px}
table.frames td:last-child{word-break:break-all;max-width:340px}
table.frames td:nth-child(4){white-space:nowrap}
tr.step.failed td{background:#fdecec}tr.step.skipped td{color:var(--mute)}
.failure{border:1px solid #f0b4b4;background:#fff6f6;border-radius:5px;padding:10px 14px;margin:12px 0}
.failure h3{margin:0 0 6px;font-size:14px;color:var(--bad)}
.chart{overflow-x:auto;border:1px solid var(--line);border-radius:4px;background:#fff;margin-top:8px}
.muted{color:var(--mute)}
.toolbar{margin-bottom:10px;display:flex;gap:8px}
.toolbar button{font:inherit;padding:3px 10px;border:1px solid var(--line);border-radius:4px;background:#fff;cursor:pointer}
svg.msc{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
svg.msc .msc-lifeline{stroke:#9aa2b1;stroke-dasharray:4 4}
svg.msc .msc-head rect{fill:#eef0f4;stroke:#9aa2b1}
svg.msc .msc-head-device rect{fill:#e8f1ea}
svg.msc .msc-head-title{font-weight:700;font-family:system-ui,sans-serif;font-size:12px}
svg.msc .msc-head-sub{fill:#5f6775;font-size:11px}
svg.msc .msc-time,svg.msc .msc-time-head{fill:#5f6775;font-size:11px}
svg.msc .msc-more{fill:#5f6775;font-style:italic}
svg.msc .msc-link line{stroke:#b8bfcc;stroke-width:1}
svg.msc .msc-link text{fill:#5f6775;font-size:11px}
svg.msc .msc-link text,svg.msc .msc-label{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
svg.msc .msc-arrow:hover line{stroke-width:3}
`;

const SCRIPT = `
document.querySelectorAll('[data-expand]').forEach(function(b){b.addEventListener('click',function(){
var open=b.getAttribute('data-expand');document.querySelectorAll('details.scenario').forEach(function(d){
d.open=open==='all'||(open==='failed'&&d.classList.contains('failed'));});});});
`;

function badge(verdict: Verdict): string {
  return `<span class="badge ${verdict}">${verdict}</span>`;
}

function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

function duration(value: number): string {
  return value < 1000 ? ms(value) : `${(value / 1000).toFixed(2)} s`;
}

function tags(list: string[]): string {
  return list.map((tag) => `<span class="tag">${e(tag)}</span>`).join('');
}

function scenarioTitle(scenario: ScenarioResult, repeated: boolean): string {
  const name =
    scenario.target === undefined ? scenario.name : `[${scenario.target}] ${scenario.name}`;
  return repeated ? `${name} #${scenario.iteration}` : name;
}

function summary(report: RunReport): string {
  const { totals } = report;
  const card = (n: string, label: string, cls = ''): string =>
    `<div class="card ${cls}"><div class="n">${n}</div><div class="l">${label}</div></div>`;
  const bar = verdictBar(totals);
  return (
    `<section id="summary"><h2>Summary</h2><div class="cards">` +
    card(String(totals.scenarios), 'scenarios') +
    card(String(totals.passed), 'passed', 'passed') +
    card(String(totals.failed), 'failed', 'failed') +
    card(String(totals.skipped), 'skipped', 'skipped') +
    (totals.flaky === undefined ? '' : card(String(totals.flaky), 'flaky', 'flaky')) +
    card(e(duration(report.durationMs)), 'duration') +
    `</div>${bar}<table><tbody>` +
    (report.targets ?? [report.target])
      .map(
        (target) =>
          `<tr><th>target</th><td>${e(target.label ?? target.name)} <span class="mono muted">${e(target.endpoint)}</span>` +
          `${target.firmwareVersion === undefined ? '' : ` · firmware ${e(target.firmwareVersion)}`}` +
          `${target.error === undefined ? '' : ` · <strong>${e(target.error)}</strong>`}</td></tr>`,
      )
      .join('') +
    `<tr><th>started</th><td>${e(report.startedAt)}</td></tr>` +
    `<tr><th>run</th><td class="mono">${e(report.runId)}</td></tr>` +
    `<tr><th>tool</th><td>${e(report.tool.name)} ${e(report.tool.version)}</td></tr>` +
    `</tbody></table></section>`
  );
}

/** A proportional passed/failed/skipped bar. */
function verdictBar(totals: RunReport['totals']): string {
  const all = totals.passed + totals.failed + totals.skipped;
  if (all === 0) return '';
  const width = 600;
  let x = 0;
  const parts: string[] = [];
  for (const [count, colour] of [
    [totals.passed, '#1e7d32'],
    [totals.failed, '#c62828'],
    [totals.skipped, '#8a6d00'],
  ] as const) {
    const w = (count / all) * width;
    if (w > 0) parts.push(`<rect x="${x}" y="0" width="${w}" height="10" fill="${colour}"/>`);
    x += w;
  }
  return `<svg class="verdict-bar" width="${width}" height="10" viewBox="0 0 ${width} 10" style="display:block;margin:0 0 12px;border-radius:3px">${parts.join('')}</svg>`;
}

function index(report: RunReport, repeated: (s: ScenarioResult) => boolean): string {
  const rows = report.scenarios.map(
    (scenario, i) =>
      `<tr><td>${badge(scenario.verdict)}</td><td><a href="#scenario-${i}">${e(scenarioTitle(scenario, repeated(scenario)))}</a></td>` +
      `<td class="mono">${e(scenario.file)}</td><td>${tags(scenario.tags)}</td>` +
      `<td class="num">${scenario.steps.length}</td><td class="num">${duration(scenario.durationMs)}</td></tr>`,
  );
  return (
    `<section id="scenarios-index"><h2>Scenarios</h2><table><thead><tr><th>verdict</th><th>scenario</th>` +
    `<th>file</th><th>tags</th><th class="num">steps</th><th class="num">duration</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></section>`
  );
}

function latency(report: RunReport): string {
  const rows = latencyTable(report);
  if (rows.length === 0) {
    return `<section id="latency"><h2>Latency</h2><p class="muted">No step measured a round trip.</p></section>`;
  }
  const body = rows
    .map(
      (row) =>
        `<tr><td>${e(row.kind)}</td><td class="mono">${e(row.path)}</td><td class="num">${row.count}</td>` +
        `<td class="num">${ms(row.minMs)}</td><td class="num">${ms(row.p50Ms)}</td>` +
        `<td class="num">${ms(row.p99Ms)}</td><td class="num">${ms(row.maxMs)}</td></tr>`,
    )
    .join('');
  return (
    `<section id="latency"><h2>Latency (round trip per step kind and path)</h2><table id="latency-table"><thead><tr>` +
    `<th>kind</th><th>path</th><th class="num">count</th><th class="num">min</th><th class="num">p50</th>` +
    `<th class="num">p99</th><th class="num">max</th></tr></thead><tbody>${body}</tbody></table></section>`
  );
}

function stepRows(step: StepResult): string {
  const row =
    `<tr class="step ${step.verdict}"><td class="num">${step.index}</td><td>${e(step.kind)}</td>` +
    `<td>${e(step.title)}</td><td>${badge(step.verdict)}</td><td class="num">${formatOffset(step.startMs)}</td>` +
    `<td class="num">${ms(step.durationMs)}</td>` +
    `<td class="num">${step.latencyMs === undefined ? '' : ms(step.latencyMs)}</td>` +
    `<td>${e(step.message ?? '')}</td></tr>`;
  if (step.verdict !== 'failed' || (step.expected === undefined && step.received === undefined)) {
    return row;
  }
  return (
    row +
    `<tr class="step-detail"><td></td><td colspan="7">` +
    `<div><strong>expected</strong><pre>${e(formatValue(step.expected))}</pre></div>` +
    `<div><strong>received</strong><pre>${e(formatValue(step.received))}</pre></div></td></tr>`
  );
}

function frameTable(records: TraceRecord[]): string {
  const rows = records
    .map(
      (r) =>
        `<tr><td class="num">${r.seq}</td><td class="mono">${e(new Date(r.time).toISOString())}</td>` +
        `<td class="mono">${e(r.link)}</td><td>${r.direction === 'tx' ? '→ device' : '← device'}</td>` +
        `<td>${e(frameDetail(r))}</td><td class="mono" title="${e(r.hex)}">${e(r.hex.length > 64 ? `${r.hex.slice(0, 64)}…` : r.hex)}</td></tr>`,
    )
    .join('');
  return (
    `<table class="frames"><thead><tr><th class="num">seq</th><th>time</th><th>link</th><th>dir</th>` +
    `<th>frame</th><th>bytes</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

function failureBox(scenario: ScenarioResult): string {
  const failure = scenario.failure;
  if (failure === undefined) return '';
  const parts = [
    `<div class="failure"><h3>Failed at step ${failure.step}</h3><pre>${e(failure.message)}</pre>`,
  ];
  if (failure.expected !== undefined) {
    parts.push(`<strong>expected</strong><pre>${e(formatValue(failure.expected))}</pre>`);
  }
  if (failure.received !== undefined) {
    parts.push(`<strong>received</strong><pre>${e(formatValue(failure.received))}</pre>`);
  }
  if (failure.lastFrames.length > 0) {
    parts.push(`<strong>last frames</strong>${frameTable(failure.lastFrames)}`);
  }
  parts.push('</div>');
  return parts.join('');
}

function scenarioSection(
  report: RunReport,
  scenario: ScenarioResult,
  i: number,
  records: TraceRecord[],
  repeated: boolean,
): string {
  const start = Date.parse(scenario.startedAt);
  const chart =
    records.length === 0
      ? '<p class="muted">No frames were traced for this scenario.</p>'
      : `<div class="chart">${renderSequenceChart(records, {
          idPrefix: `msc${i}`,
          deviceName: scenario.target ?? report.target.name,
          ...(Number.isNaN(start) ? {} : { startTime: start }),
        })}</div>`;
  const steps = scenario.steps.map(stepRows).join('');
  return (
    `<details class="scenario ${scenario.verdict}" id="scenario-${i}"${scenario.verdict === 'failed' ? ' open' : ''}>` +
    `<summary>${badge(scenario.verdict)}<span class="name">${e(scenarioTitle(scenario, repeated))}</span>` +
    `<span class="file mono">${e(scenario.file)}</span>${tags(scenario.tags)}` +
    `<span class="dur">${duration(scenario.durationMs)}</span></summary><div class="scenario-body">` +
    `<p class="muted">started ${e(scenario.startedAt)} · iteration ${scenario.iteration} · links: ${e(scenario.links.join(', ') || 'none')}</p>` +
    failureBox(scenario) +
    (scenario.attempts ?? [])
      .map(
        (attempt, n) =>
          `<h4>Attempt ${n + 1} of ${(scenario.attempts?.length ?? 0) + 1} (failed; retried)</h4>${failureBox(attempt)}` +
          `<table class="steps"><tbody>${attempt.steps.map(stepRows).join('')}</tbody></table>`,
      )
      .join('') +
    `<table class="steps"><thead><tr><th class="num">#</th><th>kind</th><th>step</th><th>verdict</th>` +
    `<th class="num">start</th><th class="num">duration</th><th class="num">round trip</th><th>message</th></tr></thead>` +
    `<tbody>${steps}</tbody></table>` +
    `<h4>Message sequence (${records.length} frame${records.length === 1 ? '' : 's'})</h4>${chart}</div></details>`
  );
}

/** The whole report.html document. */
export function renderHtml(report: RunReport, trace: TraceRecord[]): string {
  const counts = new Map<string, number>();
  for (const s of report.scenarios) {
    counts.set(`${s.file}\u0000${s.name}`, (counts.get(`${s.file}\u0000${s.name}`) ?? 0) + 1);
  }
  const repeated = (s: ScenarioResult): boolean =>
    (counts.get(`${s.file}\u0000${s.name}`) ?? 0) > 1 || s.iteration > 1;
  const traces = traceByScenario(report, trace);
  const sections = report.scenarios
    .map((scenario, i) => scenarioSection(report, scenario, i, traces[i] ?? [], repeated(scenario)))
    .join('\n');
  const { totals } = report;
  const verdict = totals.failed > 0 ? 'FAILED' : 'PASSED';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(`${verdict} · ${reportTargets(report).join(', ')} · ${report.tool.name} report`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${e(report.tool.name)} report: ${e(reportTargets(report).join(', '))} — ${verdict}</h1>
<div class="meta">${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped of ${totals.scenarios} · ${e(duration(report.durationMs))} · ${e(report.startedAt)}</div></header>
<main>
${summary(report)}
${targetMatrixSection(report)}
${index(report, repeated)}
${latency(report)}
<section id="details"><h2>Scenario details</h2>
<div class="toolbar"><button type="button" data-expand="all">Expand all</button><button type="button" data-expand="failed">Failed only</button><button type="button" data-expand="none">Collapse all</button></div>
${sections}
</section>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
