import { frameDetail } from './frame-label.js';
import { formatValue } from './json-safe.js';
import { escapeXml } from './markup-escape.js';
import type { RunReport, ScenarioResult, StepResult, TraceRecord } from './run-report.js';

/*
 * junit.xml in the shape Jenkins and GitLab read: testsuites > testsuite > testcase, one
 * testcase per scenario (and iteration), the steps in system-out, a failure element carrying
 * the message, expected, received and the last frames.
 */

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

/** `request/status-codes.yaml` -> `request.status-codes`: the scenario's folder and file. */
export function junitClassname(file: string): string {
  const parts = file.split(/[\\/]/).filter((part) => part !== '' && part !== '.');
  const tail = parts.slice(-2).map((part) => part.replace(/\.(ya?ml|json)$/i, ''));
  return tail.map((part) => part.replace(/\./g, '_')).join('.') || 'scenario';
}

function stepLine(step: StepResult): string {
  const timing = `${step.durationMs.toFixed(1)} ms`;
  const latency =
    step.latencyMs === undefined ? '' : `, round trip ${step.latencyMs.toFixed(2)} ms`;
  const message = step.message === undefined ? '' : ` — ${step.message}`;
  return `[${step.verdict}] step ${step.index} ${step.kind}: ${step.title} (${timing}${latency})${message}`;
}

function frameLine(record: TraceRecord): string {
  const arrow = record.direction === 'tx' ? '->' : '<-';
  return `  #${record.seq} ${new Date(record.time).toISOString()} ${record.link} ${arrow} ${frameDetail(record)} [${record.hex}]`;
}

function failureText(scenario: ScenarioResult): string {
  const failure = scenario.failure;
  if (failure === undefined) return '';
  const lines = [`step ${failure.step}: ${failure.message}`];
  if (failure.expected !== undefined) lines.push(`expected: ${formatValue(failure.expected)}`);
  if (failure.received !== undefined) lines.push(`received: ${formatValue(failure.received)}`);
  if (failure.lastFrames.length > 0) {
    lines.push('last frames:', ...failure.lastFrames.map(frameLine));
  }
  return lines.join('\n');
}

function testcaseName(scenario: ScenarioResult, repeated: boolean): string {
  return repeated ? `${scenario.name} [iteration ${scenario.iteration}]` : scenario.name;
}

function testcase(scenario: ScenarioResult, repeated: boolean): string {
  const attributes =
    `name="${escapeXml(testcaseName(scenario, repeated))}" ` +
    `classname="${escapeXml(junitClassname(scenario.file))}" time="${seconds(scenario.durationMs)}" ` +
    `file="${escapeXml(scenario.file)}"`;
  const body: string[] = [];
  if (scenario.verdict === 'failed') {
    const failedStep = scenario.steps.find((step) => step.index === scenario.failure?.step);
    const message =
      scenario.failure?.message ?? failedStep?.message ?? 'scenario failed without a message';
    const type = failedStep === undefined ? 'ScenarioFailure' : `step ${failedStep.kind}`;
    body.push(
      `      <failure message="${escapeXml(message)}" type="${escapeXml(type)}">${escapeXml(failureText(scenario))}</failure>`,
    );
  } else if (scenario.verdict === 'skipped') {
    const reason = scenario.steps.find((step) => step.message !== undefined)?.message;
    body.push(
      reason === undefined ? '      <skipped/>' : `      <skipped message="${escapeXml(reason)}"/>`,
    );
  }
  const out = [
    `tags: ${scenario.tags.length > 0 ? scenario.tags.join(', ') : '(none)'}`,
    `started: ${scenario.startedAt}`,
    ...scenario.steps.map(stepLine),
  ];
  body.push(`      <system-out>${escapeXml(out.join('\n'))}</system-out>`);
  return `    <testcase ${attributes}>\n${body.join('\n')}\n    </testcase>`;
}

/** The whole junit.xml document. */
export function renderJunit(report: RunReport): string {
  const counts = new Map<string, number>();
  for (const scenario of report.scenarios) {
    const key = `${scenario.file}\u0000${scenario.name}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const isRepeated = (s: ScenarioResult): boolean =>
    (counts.get(`${s.file}\u0000${s.name}`) ?? 0) > 1 || s.iteration > 1;
  // Counted from the testcases themselves, so the attributes always match the document.
  const tests = report.scenarios.length;
  const failed = report.scenarios.filter((s) => s.verdict === 'failed').length;
  const skipped = report.scenarios.filter((s) => s.verdict === 'skipped').length;
  const time = seconds(report.durationMs);
  const suiteName = escapeXml(`${report.tool.name} ${report.target.name}`);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${suiteName}" tests="${tests}" failures="${failed}" errors="0" time="${time}">`,
    `  <testsuite name="${suiteName}" tests="${tests}" failures="${failed}" errors="0" ` +
      `skipped="${skipped}" time="${time}" timestamp="${escapeXml(report.startedAt)}">`,
    '    <properties>',
    ...[
      ['tool', `${report.tool.name} ${report.tool.version}`],
      ['run.id', report.runId],
      ['target.name', report.target.name],
      ['target.endpoint', report.target.endpoint],
    ].map(([name, value]) => `      <property name="${name}" value="${escapeXml(value ?? '')}"/>`),
    '    </properties>',
    ...report.scenarios.map((scenario) => testcase(scenario, isRepeated(scenario))),
    '  </testsuite>',
    '</testsuites>',
    '',
  ];
  return lines.join('\n');
}
