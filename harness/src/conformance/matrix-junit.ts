import { escapeXml } from '../report/markup-escape.js';
import type { MatrixCell } from './conformance-matrix.js';

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

/**
 * junit.xml of one cell: FAILED is a failure, UNSUPPORTED a skip with its reason, NON-STRICT
 * a pass whose system-out names the rule (CI dashboards have no third state).
 */
export function renderCellJunit(cell: MatrixCell): string {
  const name = escapeXml(`conformance ${cell.server} x ${cell.client}`);
  const time = seconds(cell.cases.reduce((sum, c) => sum + c.durationMs, 0));
  const testcases = cell.cases.map((c) => {
    const attributes = `name="${escapeXml(c.name)}" classname="${escapeXml(c.file)}" time="${seconds(c.durationMs)}"`;
    const body: string[] = [];
    if (c.verdict === 'FAILED')
      body.push(
        `      <failure message="${escapeXml(c.reason ?? 'failed')}" type="FAILED">${escapeXml(c.rule)}</failure>`,
      );
    if (c.verdict === 'UNSUPPORTED')
      body.push(`      <skipped message="${escapeXml(c.reason ?? 'unsupported')}"/>`);
    const out = [
      `verdict: ${c.verdict}`,
      `rule: ${c.rule}`,
      ...(c.reason === undefined ? [] : [`reason: ${c.reason}`]),
    ];
    body.push(`      <system-out>${escapeXml(out.join('\n'))}</system-out>`);
    return `    <testcase ${attributes}>\n${body.join('\n')}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" tests="${cell.cases.length}" failures="${cell.counts.FAILED}" errors="0" time="${time}">`,
    `  <testsuite name="${name}" tests="${cell.cases.length}" failures="${cell.counts.FAILED}" errors="0" skipped="${cell.counts.UNSUPPORTED}" time="${time}">`,
    ...testcases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
