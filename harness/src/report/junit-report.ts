import { frameDetail } from './frame-label.js';
import { formatValue } from './json-safe.js';
import { escapeXml } from './markup-escape.js';
import type {
  RunReport,
  ScenarioResult,
  StepResult,
  TargetInfo,
  TraceRecord,
} from './run-report.js';

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

function stepLines(scenario: ScenarioResult): string {
  return [
    `tags: ${scenario.tags.length > 0 ? scenario.tags.join(', ') : '(none)'}`,
    `started: ${scenario.startedAt}`,
    ...scenario.steps.map(stepLine),
  ].join('\n');
}

/** <failure>, <flakyFailure> or <rerunFailure> of a failed run of a scenario. */
function failureElement(element: string, scenario: ScenarioResult, out?: string): string {
  const failedStep = scenario.steps.find((step) => step.index === scenario.failure?.step);
  const message =
    scenario.failure?.message ?? failedStep?.message ?? 'scenario failed without a message';
  const type = failedStep === undefined ? 'ScenarioFailure' : `step ${failedStep.kind}`;
  const attributes = `message="${escapeXml(message)}" type="${escapeXml(type)}"`;
  if (out === undefined)
    return `<${element} ${attributes}>${escapeXml(failureText(scenario))}</${element}>`;
  return (
    `<${element} ${attributes}><stackTrace>${escapeXml(failureText(scenario))}</stackTrace>` +
    `<system-out>${escapeXml(out)}</system-out></${element}>`
  );
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
    body.push(`      ${failureElement('failure', scenario)}`);
  } else if (scenario.verdict === 'skipped') {
    const reason = scenario.steps.find((step) => step.message !== undefined)?.message;
    body.push(
      reason === undefined ? '      <skipped/>' : `      <skipped message="${escapeXml(reason)}"/>`,
    );
  }
  // Earlier attempts under --retries, as Maven Surefire writes them (Jenkins, GitLab and
  // the JUnit readers of CI systems know these): <flakyFailure> when the test passed in the
  // end, <rerunFailure> when it failed every time.
  const rerun = scenario.verdict === 'flaky' ? 'flakyFailure' : 'rerunFailure';
  for (const attempt of scenario.attempts ?? []) {
    body.push(`      ${failureElement(rerun, attempt, stepLines(attempt))}`);
  }
  body.push(`      <system-out>${escapeXml(stepLines(scenario))}</system-out>`);
  return `    <testcase ${attributes}>\n${body.join('\n')}\n    </testcase>`;
}

/** One <testsuite>: a target's scenarios (the whole run when it had one target). */
function testsuite(
  report: RunReport,
  target: TargetInfo,
  scenarios: readonly ScenarioResult[],
  isRepeated: (scenario: ScenarioResult) => boolean,
  durationMs: number,
): string[] {
  const tests = scenarios.length;
  const failed = scenarios.filter((s) => s.verdict === 'failed').length;
  const skipped = scenarios.filter((s) => s.verdict === 'skipped').length;
  const name = escapeXml(`${report.tool.name} ${target.label ?? target.name}`);
  const properties = [
    ['tool', `${report.tool.name} ${report.tool.version}`],
    ['run.id', report.runId],
    ['target.name', target.name],
    ['target.endpoint', target.endpoint],
    ...(target.label !== undefined ? [['target.label', target.label]] : []),
    ...(target.firmwareVersion !== undefined ? [['firmware.version', target.firmwareVersion]] : []),
    ...(target.error !== undefined ? [['target.error', target.error]] : []),
  ];
  return [
    `  <testsuite name="${name}" tests="${tests}" failures="${failed}" errors="0" ` +
      `skipped="${skipped}" time="${seconds(durationMs)}" timestamp="${escapeXml(report.startedAt)}">`,
    '    <properties>',
    ...properties.map(
      ([key, value]) => `      <property name="${key}" value="${escapeXml(value ?? '')}"/>`,
    ),
    '    </properties>',
    ...scenarios.map((scenario) => testcase(scenario, isRepeated(scenario))),
    '  </testsuite>',
  ];
}

/** The whole junit.xml document: one testsuite per target. */
export function renderJunit(report: RunReport): string {
  const counts = new Map<string, number>();
  const key = (s: ScenarioResult): string => `${s.target ?? ''}\u0000${s.file}\u0000${s.name}`;
  for (const scenario of report.scenarios)
    counts.set(key(scenario), (counts.get(key(scenario)) ?? 0) + 1);
  const isRepeated = (s: ScenarioResult): boolean =>
    (counts.get(key(s)) ?? 0) > 1 || s.iteration > 1;
  // Counted from the testcases themselves, so the attributes always match the document.
  const tests = report.scenarios.length;
  const failed = report.scenarios.filter((s) => s.verdict === 'failed').length;
  const targets = report.targets ?? [report.target];
  const suites =
    targets.length <= 1
      ? testsuite(report, report.target, report.scenarios, isRepeated, report.durationMs)
      : targets.flatMap((target) => {
          const own = report.scenarios.filter((s) => s.target === (target.label ?? target.name));
          const durationMs = own.reduce((sum, s) => sum + s.durationMs, 0);
          return testsuite(report, target, own, isRepeated, durationMs);
        });
  const name = escapeXml(
    `${report.tool.name} ${targets.map((target) => target.label ?? target.name).join(', ')}`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" tests="${tests}" failures="${failed}" errors="0" time="${seconds(report.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
