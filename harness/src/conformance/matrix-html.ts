import { frameDetail, frameLabel } from '../report/frame-label.js';
import { escapeHtml } from '../report/markup-escape.js';
import type { TraceRecord } from '../report/run-report.js';
import type { CaseResult } from './case-result.js';
import type { ConformanceMatrix, MatrixCell } from './conformance-matrix.js';
import { formatCounts, worstVerdict, type ConformanceVerdict } from './verdict.js';

/*
 * conformance.html: the matrix (rows servers, columns clients, each cell coloured by its worst
 * verdict with the counts, linking to its cases), then every cell's cases with their checks,
 * frames and driver transcript. One self-contained page, no script needed.
 */

const e = escapeHtml;

const COLOURS: Record<ConformanceVerdict, string> = {
  OK: '#2e7d32',
  'NON-STRICT': '#9e9d24',
  FAILED: '#c62828',
  UNSUPPORTED: '#6d6d6d',
};

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.35em 0.6em; text-align: left; vertical-align: top; }
td.cell a { color: #fff; text-decoration: none; display: block; }
.badge { color: #fff; padding: 0 0.4em; border-radius: 3px; font-size: 12px; white-space: nowrap; }
pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; font-size: 12px; margin: 0.3em 0; }
details { margin: 0.2em 0 0.6em 1em; }
.case { border-top: 1px solid #ddd; padding: 0.4em 0; }
.fail { color: #c62828; }
`;

const anchor = (text: string): string => text.replace(/[^A-Za-z0-9_-]+/g, '-');
const cellAnchor = (cell: { server: string; client: string }): string =>
  `cell-${anchor(cell.server)}--${anchor(cell.client)}`;

function badge(verdict: ConformanceVerdict): string {
  return `<span class="badge" style="background:${COLOURS[verdict]}">${verdict}</span>`;
}

function matrixTable(matrix: ConformanceMatrix): string {
  const head = `<tr><th>server \\ client</th>${matrix.clients.map((c) => `<th>${e(c)}</th>`).join('')}</tr>`;
  const rows = matrix.servers.map((server) => {
    const cells = matrix.clients.map((client) => {
      const cell = matrix.cells.find((c) => c.server === server && c.client === client);
      if (cell === undefined || cell.cases.length === 0) return '<td>-</td>';
      const colour = COLOURS[worstVerdict(cell.counts)];
      return `<td class="cell" style="background:${colour}"><a href="#${cellAnchor(cell)}">${e(formatCounts(cell.counts))}</a></td>`;
    });
    return `<tr><th>${e(server)}</th>${cells.join('')}</tr>`;
  });
  return `<table>${head}${rows.join('')}</table>`;
}

function frameLine(record: TraceRecord): string {
  const arrow = record.direction === 'tx' ? 'server ->' : '<- client';
  if (record.hex === '' && record.note !== undefined) return `${record.link} -- ${record.note}`;
  return `${record.link} ${arrow} ${frameLabel(record)}  ${frameDetail(record)}  [${record.hex}]`;
}

function caseSection(c: CaseResult): string {
  const checks = c.checks
    .map((check) => {
      const mark = check.passed ? 'ok' : check.strict ? 'FAILED' : 'NON-STRICT';
      const detail = check.detail === undefined ? '' : ` — ${e(check.detail)}`;
      return `<li class="${check.passed ? '' : 'fail'}">[${mark}${check.strict ? '' : ', non-strict'}] ${e(check.rule)}: ${e(check.says)}${detail}</li>`;
    })
    .join('');
  const frames =
    c.frames.length === 0
      ? ''
      : `<details><summary>frames (${c.frames.length})</summary><pre>${e(c.frames.map(frameLine).join('\n'))}</pre></details>`;
  const transcript =
    c.transcript.length === 0
      ? ''
      : `<details><summary>driver transcript (${c.transcript.length} lines)</summary><pre>${e(
          c.transcript
            .map(
              (r) =>
                `${r.atMs.toFixed(0).padStart(6)} ms ${r.direction === 'to-driver' ? '>' : '<'} ${r.text}`,
            )
            .join('\n'),
        )}</pre></details>`;
  return `<div class="case" id="${anchor(c.id)}">${badge(c.verdict)} <b>${e(c.name)}</b> <small>${e(c.file)}</small>
<div>${e(c.description)}</div><div><small>rule: ${e(c.rule)}</small></div>
${c.reason === undefined ? '' : `<div class="${c.verdict === 'OK' ? '' : 'fail'}">${e(c.reason)}</div>`}
${checks === '' ? '' : `<details${c.verdict === 'OK' ? '' : ' open'}><summary>checks</summary><ul>${checks}</ul></details>`}
${frames}${transcript}</div>`;
}

function cellSection(cell: MatrixCell): string {
  const where = cell.endpoint === '' ? '' : ` <small>(${e(cell.endpoint)})</small>`;
  return `<h2 id="${cellAnchor(cell)}">${e(cell.server)} × ${e(cell.client)}${where}: ${e(formatCounts(cell.counts))}</h2>
${cell.cases.map(caseSection).join('\n')}`;
}

export function renderMatrixHtml(matrix: ConformanceMatrix): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>NanoRPC conformance ${e(matrix.runId)}</title>
<style>${STYLE}</style></head><body>
<h1>NanoRPC conformance</h1>
<p>${e(matrix.tool.name)} ${e(matrix.tool.version)}, run ${e(matrix.runId)}, ${e(matrix.startedAt)}, ${(matrix.durationMs / 1000).toFixed(1)} s.
Rows: servers; columns: clients. ${(['OK', 'NON-STRICT', 'FAILED', 'UNSUPPORTED'] as const).map(badge).join(' ')}</p>
${matrixTable(matrix)}
${matrix.cells.map(cellSection).join('\n')}
</body></html>
`;
}
