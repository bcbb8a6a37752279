import { ScenarioFileError, type ScenarioFileIssue } from './scenario-file-error.js';
import { findScenarioFiles } from './scenario-discovery.js';
import { loadScenarioFile } from './scenario-loader.js';
import { ProtoCache } from './proto-files.js';
import type { ScenarioPlan } from './scenario-plan.js';

/**
 * Finds and validates every scenario named by `inputs` before anything runs, so one bad file
 * stops the run with all the problems listed (exit status 2) instead of failing half-way.
 */
export async function loadScenarioSet(
  inputs: readonly string[],
  cwd: string,
): Promise<ScenarioPlan[]> {
  const files = await findScenarioFiles(inputs, cwd);
  const plans: ScenarioPlan[] = [];
  const protoCache = new ProtoCache();
  const issues: ScenarioFileIssue[] = [];
  for (const file of files) {
    try {
      plans.push(await loadScenarioFile(file, cwd, protoCache));
    } catch (error) {
      if (!(error instanceof ScenarioFileError)) throw error;
      issues.push(...error.issues);
    }
  }
  const byName = new Map<string, ScenarioPlan>();
  for (const plan of plans) {
    const other = byName.get(plan.name);
    if (other !== undefined) {
      issues.push({
        file: plan.file,
        line: plan.nameLine,
        column: 1,
        field: 'name',
        message: `"${plan.name}" is also the name of ${other.file}; names must be unique`,
      });
    }
    byName.set(plan.name, plan);
  }
  if (issues.length > 0) throw new ScenarioFileError(issues);
  return plans;
}

/**
 * Scenarios having at least one of `include` (all of them when it is empty) and none of
 * `exclude`.
 */
export function filterByTags(
  plans: readonly ScenarioPlan[],
  include: readonly string[],
  exclude: readonly string[] = [],
): ScenarioPlan[] {
  return plans.filter(
    (plan) =>
      (include.length === 0 || plan.tags.some((tag) => include.includes(tag))) &&
      !plan.tags.some((tag) => exclude.includes(tag)),
  );
}
