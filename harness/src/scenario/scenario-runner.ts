import type { ScenarioResult } from '../report/run-report.js';
import type { RunningTarget } from '../targets/target-provider.js';
import { ScenarioRun } from './scenario-run.js';
import type { ScenarioRunOptions } from './scenario-run-options.js';
import type { ScenarioPlan } from './scenario-plan.js';

export {
  DEFAULT_SCENARIO_TIMEOUT_MS,
  DEFAULT_STEP_TIMEOUT_MS,
  LAST_FRAMES_IN_FAILURE,
  type ScenarioRunEvents,
  type ScenarioRunOptions,
} from './scenario-run-options.js';

/** Whether `plan` runs on `target` (its `targets:` list names the target or its transport). */
export function appliesTo(plan: ScenarioPlan, target: RunningTarget | undefined): boolean {
  if (plan.targets === undefined || plan.role === 'client-under-test') return true;
  if (target === undefined) return false;
  return plan.targets.includes(target.name) || plan.targets.includes(target.transportKind);
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
  if (!appliesTo(plan, options.target)) {
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
          kind: 'targets',
          title: `runs on ${(plan.targets ?? []).join(', ')}`,
          verdict: 'skipped',
          startMs: 0,
          durationMs: 0,
          message: `target ${options.target?.name ?? '(none)'} (${options.target?.transportKind ?? '?'}) is not in targets: [${(plan.targets ?? []).join(', ')}]`,
        },
      ],
      links: [],
    };
  }
  const run = new ScenarioRun(plan, options);
  await run.run();
  return { ...run.result(), startedAt };
}
