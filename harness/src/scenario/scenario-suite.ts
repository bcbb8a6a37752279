import type { RunReport, ScenarioResult, TraceRecord } from '../report/run-report.js';
import { runScenario, type ScenarioRunEvents } from './scenario-runner.js';
import type { ScenarioPlan } from './scenario-plan.js';
import { makeRunId } from './run-id.js';
import type { RunningTarget, TargetProvider } from '../targets/target-provider.js';
import { parseEndpoint } from '@nanorpc-sim/core';
import { TraceRecorder } from '../runtime/trace-recorder.js';
import { countVerdicts } from '../report/report-merge.js';
import { runWithRetries } from './scenario-retries.js';
import { claimPort, type PortClaim } from './port-claim.js';
import { deviceAnswers, learnCapabilities } from './capability-probe.js';
import type { CapabilityValuesOutput, DeviceCapabilities } from './device-capabilities.js';

/** Progress of a whole run, for the command's display. */
export interface SuiteEvents extends ScenarioRunEvents {
  runStarted?(info: { runId: string; total: number; target: RunningTarget | undefined }): void;
  scenarioStarted?(plan: ScenarioPlan, iteration: number): void;
  scenarioFinished?(result: ScenarioResult): void;
}

export interface SuiteOptions {
  plans: readonly ScenarioPlan[];
  target: TargetProvider;
  /** Each scenario runs this many times (default 1). */
  repeat?: number;
  /** Run a failed scenario again up to this many times; passing on a retry is FLAKY. */
  retries?: number;
  /** Stop at the first failed scenario; the rest are reported as skipped. */
  bail?: boolean;
  stepTimeoutMs?: number;
  scenarioTimeoutMs?: number;
  cwd: string;
  /** --fault specs for targets that inject faults (the emulators). */
  faults?: readonly string[];
  /** --target-option key=value settings. */
  settings?: Readonly<Record<string, string>>;
  /** Capabilities from the target's settings (a targets file); /sys/info values yield to them. */
  targetCapabilities?: CapabilityValuesOutput;
  /** --capability KEY=VALUE: wins over every other source. */
  capabilities?: CapabilityValuesOutput;
  signal?: AbortSignal;
  events?: SuiteEvents;
  log?: (line: string) => void;
  tool: { name: string; version: string };
  /** A serial port held by another run: wait this long for it (default: fail at once). */
  waitForPortMs?: number;
  /** The target's label in a run of several: results and trace records carry it. */
  label?: string;
}

export interface SuiteOutcome {
  report: RunReport;
  trace: TraceRecord[];
}

function skipped(plan: ScenarioPlan, iteration: number, reason: string): ScenarioResult {
  return {
    name: plan.name,
    file: plan.file,
    tags: plan.tags,
    iteration,
    verdict: 'skipped',
    startedAt: new Date().toISOString(),
    durationMs: 0,
    steps: [
      {
        index: 0,
        kind: 'run',
        title: reason,
        verdict: 'skipped',
        startMs: 0,
        durationMs: 0,
        message: reason,
      },
    ],
    links: [],
  };
}

function failedToConnect(result: ScenarioResult): boolean {
  return result.steps.some(
    (step) => step.verdict === 'failed' && step.kind === 'connect' && step.title === 'setup',
  );
}

/**
 * Starts the target once, runs every scenario (each with a fresh connection) the number of
 * times asked, stops the target, and returns the report model and the trace.
 */
export async function runSuite(options: SuiteOptions): Promise<SuiteOutcome> {
  const started = new Date();
  const startedMs = performance.now();
  const runId = makeRunId(started);
  const log = options.log ?? (() => undefined);
  const recorder = new TraceRecorder();
  const signal = options.signal ?? new AbortController().signal;
  const needsTarget = options.plans.some((plan) => plan.role === 'device-under-test');
  const target = needsTarget
    ? await options.target.start({
        cwd: options.cwd,
        faults: options.faults ?? [],
        settings: options.settings ?? {},
        log,
        signal,
      })
    : undefined;
  let claim: PortClaim | undefined;
  const endpoint = target === undefined ? undefined : parseEndpoint(target.endpoint);
  if (target !== undefined && endpoint?.kind === 'serial') {
    try {
      claim = await claimPort(endpoint.path, {
        ...(options.waitForPortMs !== undefined && { waitMs: options.waitForPortMs }),
        signal,
        log,
      });
    } catch (error) {
      await target.stop();
      throw error;
    }
  }
  const repeat = options.repeat ?? 1;
  const results: ScenarioResult[] = [];
  let capabilities: DeviceCapabilities | undefined;
  let targetError: string | undefined;
  try {
    if (target !== undefined) {
      recorder.begin('(capabilities)');
      capabilities = await learnCapabilities(target, {
        given: [
          ...(options.targetCapabilities !== undefined
            ? [{ values: options.targetCapabilities, source: 'target' as const }]
            : []),
          ...(options.capabilities !== undefined
            ? [{ values: options.capabilities, source: 'option' as const }]
            : []),
        ],
        paths: [...new Set(options.plans.flatMap((plan) => plan.requires.paths ?? []))],
        trace: recorder,
        log,
      });
    }
    options.events?.runStarted?.({ runId, total: options.plans.length * repeat, target });
    let stop: string | undefined;
    for (let iteration = 1; iteration <= repeat; iteration++) {
      for (const plan of options.plans) {
        if (stop === undefined && signal.aborted) stop = 'not run: the run was interrupted';
        if (stop !== undefined) {
          const result = skipped(plan, iteration, stop);
          if (options.label !== undefined) result.target = options.label;
          results.push(result);
          options.events?.scenarioFinished?.(results[results.length - 1] as ScenarioResult);
          continue;
        }
        options.events?.scenarioStarted?.(plan, iteration);
        const result = await runWithRetries(
          () =>
            runScenario(plan, {
              target,
              recorder,
              ...(capabilities !== undefined && { capabilities }),
              payloads: plan.payloads,
              iteration,
              cwd: options.cwd,
              signal,
              log,
              ...(options.stepTimeoutMs !== undefined && { stepTimeoutMs: options.stepTimeoutMs }),
              ...(options.scenarioTimeoutMs !== undefined && {
                scenarioTimeoutMs: options.scenarioTimeoutMs,
              }),
              ...(options.events !== undefined && { events: options.events }),
            }),
          options.retries ?? 0,
          signal,
        );
        if (options.label !== undefined) result.target = options.label;
        results.push(result);
        options.events?.scenarioFinished?.(result);
        if (result.verdict === 'failed' && options.bail === true)
          stop = `not run: --bail after "${plan.name}" failed`;
        // A scenario that could not even connect may mean the board is gone: then the rest of
        // its scenarios are not run (and say why), while other targets of the run go on.
        if (target !== undefined && failedToConnect(result) && !(await deviceAnswers(target))) {
          targetError = `stopped answering during "${plan.name}": ${result.failure?.message ?? ''}`;
          stop = `not run: target ${options.label ?? target.name} stopped answering`;
        }
      }
    }
  } finally {
    await target?.stop();
    await claim?.release();
  }
  return {
    report: {
      tool: options.tool,
      runId,
      startedAt: started.toISOString(),
      durationMs: performance.now() - startedMs,
      target: {
        name: target?.name ?? options.target.name,
        ...(options.label !== undefined && { label: options.label }),
        ...(targetError !== undefined && { error: targetError }),
        endpoint: target?.endpoint ?? '',
        ...(capabilities?.firmwareVersion !== undefined && {
          firmwareVersion: capabilities.firmwareVersion,
        }),
        ...(capabilities !== undefined && { capabilities }),
      },
      totals: countVerdicts(results),
      scenarios: results,
    },
    trace:
      options.label === undefined
        ? recorder.records
        : recorder.records.map((record) => ({ ...record, target: options.label })),
  };
}
