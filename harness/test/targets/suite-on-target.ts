import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunReport, ScenarioResult } from '../../src/report/run-report.js';
import { parseScenario } from '../../src/scenario/scenario-loader.js';
import { runScenario } from '../../src/scenario/scenario-runner.js';
import { filterByTags, loadScenarioSet } from '../../src/scenario/scenario-set.js';
import { runSuite, type SuiteOutcome } from '../../src/scenario/scenario-suite.js';
import type { RunningTarget, TargetStartOptions } from '../../src/scenario/target-provider.js';
import { TargetRegistry } from '../../src/scenario/target-registry.js';
import { TraceRecorder } from '../../src/scenario/trace-recorder.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Tags left out on the firmware targets, and why. `large`: payloads above the firmware's
 * 256-byte frame (NANORPC_MAX_FRAME_SIZE; /sys/info says max_frame_size 256). The suite tags
 * them so (scenarios/request/echo-large-frames.yaml asks for max_frame_size >= 8300). Same as
 * `nanorpc-hil run --target firmware-host --exclude large`.
 */
export const FIRMWARE_EXCLUDED_TAGS = ['large'] as const;

/** The skip reason of a scenario whose own `targets:` list leaves this target out. */
export const NOT_IN_TARGETS = /^(skipped: )?target \S+ \(\w+\) is not in targets: \[.*\]$/;

export function startOptions(settings: Record<string, string> = {}): TargetStartOptions {
  return {
    cwd: REPO_ROOT,
    faults: [],
    settings,
    log: () => undefined,
    signal: new AbortController().signal,
  };
}

export async function startTarget(
  name: string,
  settings: Record<string, string> = {},
): Promise<RunningTarget> {
  return (await TargetRegistry.discover()).resolve(name).start(startOptions(settings));
}

export interface SuiteRun {
  outcome: SuiteOutcome;
  /** Files of the scenarios left out by the excluded tags. */
  excluded: string[];
  /** Scenarios selected (after the exclusion). */
  selected: number;
}

/** The whole scenarios/ suite, minus the excluded tags, through the engine's runSuite. */
export async function runWholeSuite(
  targetName: string,
  excludedTags: readonly string[] = FIRMWARE_EXCLUDED_TAGS,
): Promise<SuiteRun> {
  const all = await loadScenarioSet(['scenarios'], REPO_ROOT);
  const plans = filterByTags(all, [], excludedTags);
  const kept = new Set(plans);
  const provider = (await TargetRegistry.discover()).resolve(targetName);
  const outcome = await runSuite({
    plans,
    target: provider,
    cwd: REPO_ROOT,
    tool: { name: 'nanorpc-hil', version: 'test' },
  });
  return {
    outcome,
    excluded: all.filter((plan) => !kept.has(plan)).map((plan) => plan.file),
    selected: plans.length,
  };
}

function describeResult(result: ScenarioResult): string {
  const frames = (result.failure?.lastFrames ?? [])
    .map(
      (frame) =>
        `      ${frame.direction} ${frame.kind} ${frame.hex} ${JSON.stringify(frame.decoded ?? {})}`,
    )
    .join('\n');
  const message = result.failure?.message ?? result.steps[0]?.message ?? '';
  return `  ${result.verdict} ${result.file}: ${message}${frames === '' ? '' : `\n${frames}`}`;
}

/** Every scenario that did not pass, with its message and last frames (for a failing expect). */
export function notPassed(report: RunReport): string[] {
  return report.scenarios.filter((s) => s.verdict !== 'passed').map(describeResult);
}

/** Skips whose reason is anything but the scenario's own `targets:` list. */
export function unexpectedSkips(report: RunReport): string[] {
  return report.scenarios
    .filter((s) => s.verdict === 'skipped' && !NOT_IN_TARGETS.test(s.steps[0]?.message ?? ''))
    .map(describeResult);
}

/** Runs one scenario written inline against a running target. */
export async function runInline(target: RunningTarget, yaml: string): Promise<ScenarioResult> {
  const plan = parseScenario(yaml, `${REPO_ROOT}scenarios/inline.yaml`, REPO_ROOT);
  return runScenario(plan, {
    target,
    recorder: new TraceRecorder(),
    payloads: plan.payloads,
    iteration: 1,
    cwd: REPO_ROOT,
  });
}

/** Runs one scenario file of the suite against a running target (tags are not looked at). */
export async function runFile(target: RunningTarget, file: string): Promise<ScenarioResult> {
  const [plan] = await loadScenarioSet([file], REPO_ROOT);
  if (plan === undefined) throw new Error(`no scenario in ${file}`);
  return runScenario(plan, {
    target,
    recorder: new TraceRecorder(),
    payloads: plan.payloads,
    iteration: 1,
    cwd: REPO_ROOT,
  });
}

/** Throws with the failure (and the steps) unless the scenario passed. */
export function expectPassed(result: ScenarioResult): void {
  if (result.verdict === 'passed') return;
  throw new Error(
    `${describeResult(result)}\n${result.steps.map((s) => `    ${s.verdict} ${s.title}`).join('\n')}`,
  );
}

/** Child processes of this process running `name` (pgrep -P; empty when none). */
export function childProcessesNamed(name: string): string[] {
  try {
    return execFileSync('pgrep', ['-a', '-P', String(process.pid), '-x', name], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter((line) => line !== '');
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}
