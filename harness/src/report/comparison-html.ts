import { describeRun } from './comparison-text.js';
import { escapeHtml } from './markup-escape.js';
import type { ReportComparison } from './report-comparison.js';

const e = escapeHtml;
const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

/** `nanorpc-hil compare --html`: one self-contained page. */
export function renderComparisonHtml(comparison: ReportComparison): string {
  const verdictRows = comparison.verdicts
    .map(
      (c) =>
        `<tr class="${c.regression ? 'bad' : ''}"><td>${c.regression ? 'REGRESSION' : 'changed'}</td><td>${e(c.target)}</td>` +
        `<td>${e(c.name)}</td><td class="mono">${e(c.file)}</td><td>${e(c.before)}</td><td>${e(c.after)}</td></tr>`,
    )
    .join('');
  const latencyRows = comparison.latencies
    .map(
      (c) =>
        `<tr class="${c.regression ? 'bad' : ''}"><td>${c.regression ? 'REGRESSION' : ''}</td><td>${e(c.target)}</td><td>${e(c.kind)}</td>` +
        `<td>${c.percentile}</td><td class="num">${ms(c.beforeMs)}</td><td class="num">${ms(c.afterMs)}</td>` +
        `<td class="num">${(c.change * 100).toFixed(0)} %</td></tr>`,
    )
    .join('');
  const verdict =
    comparison.regressions === 0 ? 'no regression' : `${comparison.regressions} regression(s)`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${e(`compare: ${verdict}`)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d2330}table{border-collapse:collapse;margin:8px 0 20px}
td,th{border-bottom:1px solid #d9dde4;padding:4px 10px;text-align:left}.num{text-align:right}.mono{font-family:monospace}
tr.bad td{background:#fdecec;color:#c62828}</style></head>
<body><h1>nanorpc-hil compare — ${e(verdict)}</h1>
<p>old: ${e(describeRun(comparison.before))}<br>new: ${e(describeRun(comparison.after))}</p>
<h2>Verdict changes</h2>${verdictRows === '' ? '<p>none</p>' : `<table><thead><tr><th></th><th>target</th><th>scenario</th><th>file</th><th>old</th><th>new</th></tr></thead><tbody>${verdictRows}</tbody></table>`}
<h2>Latency per step kind</h2><table><thead><tr><th></th><th>target</th><th>step kind</th><th></th><th>old</th><th>new</th><th>change</th></tr></thead><tbody>${latencyRows}</tbody></table>
</body></html>
`;
}
