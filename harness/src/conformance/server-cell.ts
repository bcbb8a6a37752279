import {
  filterByTags,
  loadScenarioSet,
  runSuite,
  type RunningTarget,
  type TargetProvider,
} from '../scenario/index.js';
import type { ScenarioResult, TraceRecord } from '../report/index.js';
import type { CaseResult } from './case-result.js';
import { latitudeOf } from './server-latitude.js';

/** Frames kept per case in the report (the whole trace is in the scenario engine's own report). */
const FRAMES_KEPT = 200;

/** A started target handed to runSuite without being started or stopped again. */
function alreadyRunning(target: RunningTarget): TargetProvider {
  return {
    name: target.name,
    description: `${target.name} at ${target.endpoint}`,
    acceptsFaults: false,
    start: () => Promise.resolve({ ...target, stop: () => Promise.resolve() }),
  };
}

function asCase(
  result: ScenarioResult,
  trace: readonly TraceRecord[],
  unsupportedTags: Readonly<Record<string, string>>,
): CaseResult {
  const frames = trace.filter((record) => record.scenario === result.name).slice(-FRAMES_KEPT);
  const base = {
    id: '',
    name: result.name,
    file: result.file,
    description: `device scenario ${result.file}`,
    rule: latitudeOf(result.file) ?? 'docs/scenario-format.md: device-under-test',
    durationMs: result.durationMs,
    checks: result.steps.map((step) => ({
      rule: result.file,
      strict: true,
      says: `${step.index}. ${step.title}`,
      passed: step.verdict !== 'failed',
      ...(step.message !== undefined && { detail: step.message }),
    })),
    frames,
    transcript: [],
  };
  if (result.verdict === 'passed') return { ...base, verdict: 'OK' };
  if (result.verdict === 'skipped') {
    const tag = result.tags.find((t) => unsupportedTags[t] !== undefined);
    const reason =
      tag !== undefined
        ? unsupportedTags[tag]
        : result.steps.find((s) => s.message !== undefined)?.message;
    return { ...base, verdict: 'UNSUPPORTED', reason: reason ?? 'skipped by the scenario engine' };
  }
  const latitude = latitudeOf(result.file);
  const message = result.failure?.message ?? 'failed';
  return latitude !== undefined
    ? { ...base, verdict: 'NON-STRICT', reason: `${latitude}: ${message}` }
    : { ...base, verdict: 'FAILED', reason: message };
}

/**
 * The device scenarios of `folders` against a running server, as conformance cases: passed is
 * OK, failed is FAILED (NON-STRICT where server-latitude.ts names the rule), skipped (own
 * `targets:` list, or a tag the server cannot take) is UNSUPPORTED with the reason.
 */
export async function runServerScenarios(options: {
  target: RunningTarget;
  folders: readonly string[];
  cwd: string;
  unsupportedTags: Readonly<Record<string, string>>;
  tool: { name: string; version: string };
  log: (line: string) => void;
  signal?: AbortSignal;
}): Promise<CaseResult[]> {
  const all = await loadScenarioSet(options.folders, options.cwd);
  const devicePlans = all.filter((plan) => plan.role === 'device-under-test');
  const plans = filterByTags(devicePlans, [], Object.keys(options.unsupportedTags));
  const kept = new Set(plans);
  const outcome = await runSuite({
    plans,
    target: alreadyRunning(options.target),
    cwd: options.cwd,
    tool: options.tool,
    log: options.log,
    ...(options.signal !== undefined && { signal: options.signal }),
  });
  const cases = outcome.report.scenarios.map((r) =>
    asCase(r, outcome.trace, options.unsupportedTags),
  );
  // Scenarios left out by tag: UNSUPPORTED with the reason, never silently absent.
  for (const plan of devicePlans.filter((p) => !kept.has(p))) {
    const tag = plan.tags.find((t) => options.unsupportedTags[t] !== undefined) ?? '';
    cases.push({
      id: '',
      name: plan.name,
      file: plan.file,
      description: `device scenario ${plan.file}`,
      rule: 'docs/scenario-format.md: device-under-test',
      verdict: 'UNSUPPORTED',
      reason: `tag ${tag}: ${options.unsupportedTags[tag] ?? ''}`,
      durationMs: 0,
      checks: [],
      frames: [],
      transcript: [],
    });
  }
  return cases;
}
