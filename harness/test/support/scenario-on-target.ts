import { fileURLToPath } from 'node:url';
import type { ScenarioResult } from '../../src/report/run-report.js';
import { parseScenario } from '../../src/scenario/scenario-loader.js';
import type { ScenarioPlan } from '../../src/scenario/scenario-plan.js';
import { runScenario } from '../../src/scenario/scenario-runner.js';
import { loadScenarioSet } from '../../src/scenario/scenario-set.js';
import type { RunningTarget, TargetStartOptions } from '../../src/targets/target-provider.js';
import { TargetRegistry } from '../../src/targets/target-registry.js';
import { TraceRecorder } from '../../src/runtime/trace-recorder.js';

/** The repository root (with a trailing slash): scenarios/, proto/ and firmware/ are below it. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function startOptions(settings: Record<string, string> = {}): TargetStartOptions {
  return {
    cwd: REPO_ROOT,
    faults: [],
    settings,
    log: () => undefined,
    signal: new AbortController().signal,
  };
}

/** Starts a built-in target by name; the caller stops it. */
export async function startTarget(
  name: string,
  settings: Record<string, string> = {},
): Promise<RunningTarget> {
  return TargetRegistry.builtIn().resolve(name).start(startOptions(settings));
}

function runPlan(target: RunningTarget | undefined, plan: ScenarioPlan): Promise<ScenarioResult> {
  return runScenario(plan, {
    target,
    recorder: new TraceRecorder(),
    payloads: plan.payloads,
    iteration: 1,
    cwd: REPO_ROOT,
  });
}

/**
 * Runs one scenario written inline against a running target (none for a client-under-test
 * scenario, where the harness is the server).
 */
export function runInline(
  target: RunningTarget | undefined,
  yaml: string,
): Promise<ScenarioResult> {
  return runPlan(target, parseScenario(yaml, 'inline.yaml', REPO_ROOT));
}

/** Runs one scenario file of the suite against a running target (tags are not looked at). */
export async function runFile(target: RunningTarget, file: string): Promise<ScenarioResult> {
  const [plan] = await loadScenarioSet([file], REPO_ROOT);
  if (plan === undefined) throw new Error(`no scenario in ${file}`);
  return runPlan(target, plan);
}

/** One line for a scenario's verdict and message, then its last frames (for a failing expect). */
export function describeResult(result: ScenarioResult): string {
  const frames = (result.failure?.lastFrames ?? [])
    .map(
      (frame) =>
        `      ${frame.direction} ${frame.kind} ${frame.hex} ${JSON.stringify(frame.decoded ?? {})}`,
    )
    .join('\n');
  const message = result.failure?.message ?? result.steps[0]?.message ?? '';
  return `  ${result.verdict} ${result.file}: ${message}${frames === '' ? '' : `\n${frames}`}`;
}

/** Throws with the failure (and the steps) unless the scenario passed. */
export function expectPassed(result: ScenarioResult): void {
  if (result.verdict === 'passed') return;
  const steps = result.steps.map((s) => `    ${s.verdict} ${s.title} ${s.message ?? ''}`);
  throw new Error(`${describeResult(result)}\n${steps.join('\n')}`);
}
