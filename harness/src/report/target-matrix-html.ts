import { escapeHtml } from './markup-escape.js';
import type { RunReport, ScenarioResult } from './run-report.js';

const e = escapeHtml;

/** The targets of a report (a single-target report has the one). */
export function reportTargets(report: RunReport): string[] {
  return (report.targets ?? [report.target]).map((target) => target.label ?? target.name);
}

/**
 * The matrix of a run on several targets: one row per scenario (and iteration), one column
 * per target, each cell the verdict linking to that scenario's details. Empty for one target.
 */
export function targetMatrixSection(report: RunReport): string {
  const targets = report.targets ?? [];
  if (targets.length <= 1) return '';
  const labels = reportTargets(report);
  const rows = new Map<string, { title: string; file: string; cells: Map<string, number> }>();
  report.scenarios.forEach((scenario: ScenarioResult, index) => {
    const key = `${scenario.file}\u0000${scenario.name}\u0000${scenario.iteration}`;
    const title =
      scenario.iteration > 1 ? `${scenario.name} #${scenario.iteration}` : scenario.name;
    const row = rows.get(key) ?? { title, file: scenario.file, cells: new Map() };
    row.cells.set(scenario.target ?? '', index);
    rows.set(key, row);
  });
  const header = labels.map((label) => `<th>${e(label)}</th>`).join('');
  const body = [...rows.values()]
    .map((row) => {
      const cells = labels
        .map((label) => {
          const index = row.cells.get(label);
          const scenario = index === undefined ? undefined : report.scenarios[index];
          if (scenario === undefined) return '<td class="muted">—</td>';
          const reason =
            scenario.verdict === 'passed'
              ? ''
              : (scenario.steps.find((s) => s.message !== undefined)?.message ?? '');
          return `<td title="${e(reason)}"><a href="#scenario-${index}"><span class="badge ${scenario.verdict}">${scenario.verdict}</span></a></td>`;
        })
        .join('');
      return `<tr><td>${e(row.title)}</td><td class="mono">${e(row.file)}</td>${cells}</tr>`;
    })
    .join('');
  const problems = targets
    .filter((target) => target.error !== undefined)
    .map(
      (target) =>
        `<p class="failure">target ${e(target.label ?? target.name)}: ${e(target.error ?? '')}</p>`,
    )
    .join('');
  return (
    `<section id="matrix"><h2>Targets</h2>${problems}<table><thead><tr><th>scenario</th><th>file</th>${header}</tr></thead>` +
    `<tbody>${body}</tbody></table></section>`
  );
}
