import type { RunReport, ScenarioResult, TargetInfo, TraceRecord } from '../report/run-report.js';
import type { TargetProvider } from '../targets/target-provider.js';
import type { CapabilityValuesOutput } from './device-capabilities.js';
import { countVerdicts } from '../report/report-merge.js';
import { makeRunId } from './run-id.js';
import {
  runSuite,
  type SuiteEvents,
  type SuiteOptions,
  type SuiteOutcome,
} from './scenario-suite.js';

/** One target of a run of several: its provider and what is its own. */
export interface MatrixTarget {
  /** Unique in the run: shown in the matrix, JUnit suite names, the progress line. */
  label: string;
  provider: TargetProvider;
  settings: Readonly<Record<string, string>>;
  faults: readonly string[];
  /** From a targets file: capabilities people know the board has. */
  capabilities?: CapabilityValuesOutput;
}

export interface MatrixOptions extends Omit<
  SuiteOptions,
  'target' | 'settings' | 'faults' | 'events' | 'label'
> {
  targets: readonly MatrixTarget[];
  /** How many targets run at once (default: all). */
  jobs?: number;
  /** Progress of each target's own sequence. */
  events?: (label: string) => SuiteEvents | undefined;
}

/** The message of an error, for a report. */
const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** A target that never started: each of its scenarios failed, saying why. */
function notStarted(target: MatrixTarget, options: MatrixOptions, error: unknown): SuiteOutcome {
  const message = `target ${target.label} did not start: ${messageOf(error)}`;
  const scenarios: ScenarioResult[] = [];
  for (let iteration = 1; iteration <= (options.repeat ?? 1); iteration++) {
    for (const plan of options.plans) {
      scenarios.push({
        name: plan.name,
        file: plan.file,
        tags: plan.tags,
        iteration,
        verdict: 'failed',
        startedAt: new Date().toISOString(),
        durationMs: 0,
        steps: [
          {
            index: 0,
            kind: 'target',
            title: 'start the target',
            verdict: 'failed',
            startMs: 0,
            durationMs: 0,
            message,
          },
        ],
        failure: { step: 0, message, lastFrames: [] },
        links: [],
        target: target.label,
      });
    }
  }
  return {
    report: {
      tool: options.tool,
      runId: '',
      startedAt: new Date().toISOString(),
      durationMs: 0,
      target: { name: target.provider.name, label: target.label, endpoint: '', error: message },
      totals: {
        scenarios: scenarios.length,
        passed: 0,
        failed: scenarios.length,
        skipped: 0,
      },
      scenarios,
    },
    trace: [],
  };
}

/** Runs `work` on each item with at most `limit` at once; results in the items' order. */
async function bounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Runs the suite on every target, each on its own sequence (targets run concurrently, at most
 * `jobs` at once), and joins the outcomes into one report: the scenarios of every target, each
 * tagged with its target's label. A target that does not start or stops answering is reported
 * (TargetInfo.error) and the others go on.
 */
export async function runMatrix(options: MatrixOptions): Promise<SuiteOutcome> {
  const started = new Date();
  const startedMs = performance.now();
  const { targets, jobs, events: eventsOf, ...common } = options;
  const outcomes = await bounded(targets, jobs ?? targets.length, async (target) => {
    const events = eventsOf?.(target.label);
    try {
      return await runSuite({
        ...common,
        target: target.provider,
        settings: target.settings,
        faults: target.faults,
        label: target.label,
        ...(target.capabilities !== undefined && { targetCapabilities: target.capabilities }),
        ...(events !== undefined && { events }),
      });
    } catch (error) {
      if (options.signal?.aborted === true) throw error;
      return notStarted(target, options, error);
    }
  });
  return joinOutcomes(outcomes, {
    tool: options.tool,
    runId: makeRunId(started),
    startedAt: started.toISOString(),
    durationMs: performance.now() - startedMs,
  });
}

/** One report of several targets' outcomes (totals over all; traces renumbered in one run). */
export function joinOutcomes(
  outcomes: readonly SuiteOutcome[],
  run: Pick<RunReport, 'tool' | 'runId' | 'startedAt' | 'durationMs'>,
): SuiteOutcome {
  const scenarios = outcomes.flatMap((outcome) => outcome.report.scenarios);
  const targets: TargetInfo[] = outcomes.map((outcome) => outcome.report.target);
  const trace: TraceRecord[] = outcomes
    .flatMap((outcome) => outcome.trace)
    .sort((a, b) => a.time - b.time)
    .map((record, index) => ({ ...record, seq: index + 1 }));
  const first = targets[0] ?? { name: '(none)', endpoint: '' };
  return {
    report: {
      ...run,
      target: first,
      targets,
      totals: countVerdicts(scenarios),
      scenarios,
    },
    trace,
  };
}
