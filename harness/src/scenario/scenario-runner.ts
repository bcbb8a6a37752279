import type { ScenarioResult } from '../report/run-report.js';
import type { RunningTarget } from '../targets/target-provider.js';
import { ScenarioRun } from './scenario-run.js';
import type { ScenarioRunOptions } from './scenario-run-options.js';
import type { ScenarioPlan } from './scenario-plan.js';
import { emptyCapabilities, type DeviceCapabilities } from './device-capabilities.js';
import { unmetRequirement } from './requirement-check.js';

export {
  DEFAULT_SCENARIO_TIMEOUT_MS,
  DEFAULT_STEP_TIMEOUT_MS,
  LAST_FRAMES_IN_FAILURE,
  type ScenarioRunEvents,
  type ScenarioRunOptions,
} from './scenario-run-options.js';

/**
 * Why `plan` does not run on `target` (a requirement the device does not meet), or undefined.
 * Client-under-test scenarios need no device.
 */
export function skipReason(
  plan: ScenarioPlan,
  target: RunningTarget | undefined,
  capabilities: DeviceCapabilities = emptyCapabilities(),
): string | undefined {
  if (plan.role === 'client-under-test') return undefined;
  if (target === undefined) return 'no target to run on';
  return unmetRequirement(plan.requires, target, capabilities);
}

/** Whether `plan` runs on `target` with `capabilities`. */
export function appliesTo(
  plan: ScenarioPlan,
  target: RunningTarget | undefined,
  capabilities?: DeviceCapabilities,
): boolean {
  return skipReason(plan, target, capabilities) === undefined;
}

/**
 * Runs one scenario with a fresh connection (or a fresh scripted server) and returns its result.
 * Never throws for what happens on the wire: failures and limits end up in the result.
 */
export async function runScenario(
  plan: ScenarioPlan,
  options: ScenarioRunOptions,
): Promise<ScenarioResult> {
  const startedAt = new Date().toISOString();
  options.recorder.begin(plan.name);
  const reason = skipReason(plan, options.target, options.capabilities);
  if (reason !== undefined) {
    return {
      name: plan.name,
      file: plan.file,
      tags: plan.tags,
      iteration: options.iteration,
      verdict: 'skipped',
      startedAt,
      durationMs: 0,
      steps: [
        {
          index: 0,
          kind: 'requires',
          title: 'requirements',
          verdict: 'skipped',
          startMs: 0,
          durationMs: 0,
          message: reason,
        },
      ],
      links: [],
    };
  }
  const run = new ScenarioRun(plan, options);
  await run.run();
  return { ...run.result(), startedAt };
}
