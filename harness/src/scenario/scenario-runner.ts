import { NanoRpcError } from '@nanorpc-sim/core';
import type { ScenarioResult, StepResult, TraceRecord } from '../report/run-report.js';
import { DeviceSession } from './device-session.js';
import { formatDuration } from './duration.js';
import type { ScenarioPayloads } from './scenario-payloads.js';
import type { PlanStep, ScenarioPlan } from './scenario-plan.js';
import { ScriptedServer } from './scripted-server.js';
import type { StepContext, StepOutcome } from './step-context.js';
import { StepFailure, TimeLimitError } from './step-failure.js';
import { stepTitle } from './step-title.js';
import { STEP_EXECUTORS } from './steps/step-executors.js';
import type { RunningTarget } from '../targets/target-provider.js';
import type { TraceRecorder } from './trace-recorder.js';
import { VariableScope } from './variables.js';

export const DEFAULT_STEP_TIMEOUT_MS = 10_000;
export const DEFAULT_SCENARIO_TIMEOUT_MS = 60_000;
/** Frames of the trace quoted in a failure. */
export const LAST_FRAMES_IN_FAILURE = 12;

/** Progress callbacks (the command's live display). */
export interface ScenarioRunEvents {
  stepStarted?(plan: ScenarioPlan, title: string, label: string): void;
  stepFinished?(plan: ScenarioPlan, result: StepResult): void;
}

export interface ScenarioRunOptions {
  /** The device (device-under-test); client-under-test scenarios do not use it. */
  target: RunningTarget | undefined;
  recorder: TraceRecorder;
  payloads: ScenarioPayloads;
  /** 1-based, from --repeat. */
  iteration: number;
  /** Limits used when the scenario file sets none. */
  stepTimeoutMs?: number;
  scenarioTimeoutMs?: number;
  cwd: string;
  /** Aborting stops the scenario at once (the run was interrupted). */
  signal?: AbortSignal;
  events?: ScenarioRunEvents;
  log?: (line: string) => void;
}

/** Whether `plan` runs on `target` (its `targets:` list names the target or its transport). */
export function appliesTo(plan: ScenarioPlan, target: RunningTarget | undefined): boolean {
  if (plan.targets === undefined || plan.role === 'client-under-test') return true;
  if (target === undefined) return false;
  return plan.targets.includes(target.name) || plan.targets.includes(target.transportKind);
}

interface FailureDetails {
  message: string;
  expected?: unknown;
  received?: unknown;
}

function failureOf(error: unknown, where: string): FailureDetails {
  if (error instanceof StepFailure) {
    return {
      message: `${where}: ${error.message}`,
      expected: error.expected,
      received: error.received,
    };
  }
  if (error instanceof NanoRpcError)
    return { message: `${where}: ${error.message} (${error.code})` };
  const message = error instanceof Error ? error.message : String(error);
  return { message: `${where}: ${message}` };
}

/** The one run of one scenario: its session, limits, variables and results. */
class ScenarioRun {
  readonly steps: StepResult[] = [];
  failure: (FailureDetails & { step: number; lastFrames: TraceRecord[] }) | undefined;
  private readonly startedAt = performance.now();
  private readonly controller = new AbortController();
  private device: DeviceSession | undefined;
  private server: ScriptedServer | undefined;
  private readonly log: (line: string) => void;

  constructor(
    private readonly plan: ScenarioPlan,
    private readonly options: ScenarioRunOptions,
  ) {
    this.log = options.log ?? (() => undefined);
  }

  async run(): Promise<void> {
    const limit =
      this.plan.timeoutMs ?? this.options.scenarioTimeoutMs ?? DEFAULT_SCENARIO_TIMEOUT_MS;
    const timer = setTimeout(
      () =>
        this.controller.abort(
          new TimeLimitError(`the scenario time limit of ${formatDuration(limit)} was reached`),
        ),
      limit,
    );
    const onInterrupt = (): void =>
      this.controller.abort(new TimeLimitError('the run was interrupted'));
    this.options.signal?.addEventListener('abort', onInterrupt, { once: true });
    if (this.options.signal?.aborted) onInterrupt();
    const scope = new VariableScope({
      scenario: this.plan.name,
      iteration: this.options.iteration,
      target: this.options.target?.name ?? '',
      endpoint: this.options.target?.endpoint ?? '',
    }).child(this.plan.variables);
    try {
      if (await this.setUp(scope)) await this.runSteps(this.plan.steps, scope, '', true);
      if (this.failure === undefined) this.checkViolations('after the last step');
    } finally {
      clearTimeout(timer);
      this.options.signal?.removeEventListener('abort', onInterrupt);
      await this.tearDown();
    }
  }

  private async setUp(scope: VariableScope): Promise<boolean> {
    const target = this.options.target;
    const label = 'setup';
    try {
      if (this.plan.role === 'client-under-test') {
        this.server = new ScriptedServer(this.plan, this.options.recorder, this.log);
        await this.server.start();
        scope.set('endpoint', this.server.endpoint);
        return true;
      }
      if (target === undefined) throw new StepFailure('no target to connect to');
      this.device = new DeviceSession(
        target.endpoint,
        this.plan.client,
        this.options.recorder,
        target.transportKind === 'serial',
      );
      if (this.plan.client.autoConnect) {
        const started = performance.now();
        await this.device.connect({ signal: this.controller.signal });
        this.steps.push({
          index: this.steps.length,
          kind: 'connect',
          title: `connect to ${target.endpoint}`,
          verdict: 'passed',
          startMs: started - this.startedAt,
          durationMs: performance.now() - started,
        });
      }
      return true;
    } catch (error) {
      const details = failureOf(error, label);
      if (this.plan.role === 'client-under-test') {
        details.message = `${label}: listening on ${this.plan.server.listen}: ${(error as Error).message}`;
      }
      this.fail(details, 'connect', 'setup');
      return false;
    }
  }

  private async tearDown(): Promise<void> {
    try {
      await this.device?.close();
      await this.server?.close();
    } catch (error) {
      this.log(`${this.plan.name}: cleaning up: ${(error as Error).message}`);
    }
  }

  /** Runs steps in order; after a failure, the remaining top-level steps are "skipped". */
  async runSteps(
    steps: PlanStep[],
    scope: VariableScope,
    note: string,
    topLevel = false,
  ): Promise<void> {
    for (const step of steps) {
      if (this.failure !== undefined) {
        if (topLevel) this.skip(step);
        continue;
      }
      await this.runStep(step, scope, note);
    }
  }

  private skip(step: PlanStep): void {
    this.steps.push({
      index: this.steps.length,
      kind: step.kind,
      title: `${step.label}. ${stepTitle(step)}`,
      verdict: 'skipped',
      startMs: performance.now() - this.startedAt,
      durationMs: 0,
    });
  }

  private checkViolations(where: string): boolean {
    const violations = this.device?.violations ?? [];
    if (violations.length === 0) return true;
    this.fail(
      {
        message: `${where}: ${violations.join('; ')}`,
        expected: 'nothing with an unsubscribed id',
        received: violations,
      },
      'check',
      'late frames',
    );
    return false;
  }

  private fail(details: FailureDetails, kind: string, title: string, startMs?: number): void {
    const now = performance.now() - this.startedAt;
    const index = this.steps.length;
    this.steps.push({
      index,
      kind,
      title,
      verdict: 'failed',
      startMs: startMs ?? now,
      durationMs: startMs === undefined ? 0 : now - startMs,
      message: details.message,
      ...(details.expected !== undefined && { expected: details.expected }),
      ...(details.received !== undefined && { received: details.received }),
    });
    this.failure = {
      ...details,
      step: index,
      lastFrames: this.options.recorder.lastRecords(LAST_FRAMES_IN_FAILURE),
    };
    this.options.events?.stepFinished?.(this.plan, this.steps[index] as StepResult);
  }

  private async runStep(step: PlanStep, scope: VariableScope, note: string): Promise<void> {
    const title = `${step.label}. ${stepTitle(step)}${note === '' ? '' : ` [${note}]`}`;
    const where = `step ${step.label} (${step.kind}, line ${step.line})`;
    if (!this.checkViolations(`before ${where}`)) return;
    this.options.events?.stepStarted?.(this.plan, title, step.label);
    const limit =
      step.timeoutMs ??
      this.plan.stepTimeoutMs ??
      this.options.stepTimeoutMs ??
      DEFAULT_STEP_TIMEOUT_MS;
    const stepController = new AbortController();
    let waiting = 'the step to finish';
    const timer =
      step.kind === 'repeat'
        ? undefined
        : setTimeout(
            () =>
              stepController.abort(
                new TimeLimitError(
                  `the step time limit of ${formatDuration(limit)} was reached while waiting for ${waiting}`,
                ),
              ),
            limit,
          );
    const onScenarioAbort = (): void => {
      const reason = this.controller.signal.reason as Error;
      stepController.abort(new TimeLimitError(`${reason.message} while waiting for ${waiting}`));
    };
    this.controller.signal.addEventListener('abort', onScenarioAbort, { once: true });
    if (this.controller.signal.aborted) onScenarioAbort();
    const context: StepContext = {
      plan: this.plan,
      step,
      variables: scope,
      payloads: this.options.payloads,
      signal: stepController.signal,
      scenarioSignal: this.controller.signal,
      target: this.options.target,
      recorder: this.options.recorder,
      cwd: this.options.cwd,
      log: this.log,
      device: () => {
        if (this.device === undefined)
          throw new StepFailure(`step ${step.kind} needs role device-under-test`);
        return this.device;
      },
      server: () => {
        if (this.server === undefined)
          throw new StepFailure(`step ${step.kind} needs role client-under-test`);
        return this.server;
      },
      waitingFor: (what, work) => {
        waiting = what;
        // The limit's abort must win even when the work itself ignores the signal.
        return Promise.race([
          work,
          new Promise<never>((_, reject) => {
            if (stepController.signal.aborted) reject(stepController.signal.reason as Error);
            stepController.signal.addEventListener(
              'abort',
              () => reject(stepController.signal.reason as Error),
              {
                once: true,
              },
            );
          }),
        ]);
      },
      runSteps: (steps, childScope, childNote) =>
        this.runSteps(steps, childScope, note === '' ? childNote : `${note} ${childNote}`),
    };
    const started = performance.now() - this.startedAt;
    try {
      const executor = STEP_EXECUTORS[step.kind] as (
        spec: unknown,
        context: StepContext,
      ) => Promise<StepOutcome | void>;
      const outcome = await executor(step.spec, context);
      if (this.failure !== undefined) return; // a nested step failed (repeat)
      const result: StepResult = {
        index: this.steps.length,
        kind: step.kind,
        title,
        verdict: 'passed',
        startMs: started,
        durationMs: performance.now() - this.startedAt - started,
        ...(outcome?.latencyMs !== undefined && { latencyMs: outcome.latencyMs }),
        ...(outcome?.note !== undefined && { message: outcome.note }),
        ...(outcome?.path !== undefined && { path: outcome.path }),
      };
      this.steps.push(result);
      if (step.kind !== 'send-raw') this.device?.markStepEnd();
      this.options.events?.stepFinished?.(this.plan, result);
    } catch (error) {
      const reason =
        stepController.signal.aborted && !(error instanceof StepFailure)
          ? stepController.signal.reason
          : error;
      this.fail(failureOf(reason, where), step.kind, title, started);
    } finally {
      clearTimeout(timer);
      this.controller.signal.removeEventListener('abort', onScenarioAbort);
    }
  }

  result(): ScenarioResult {
    return {
      name: this.plan.name,
      file: this.plan.file,
      tags: this.plan.tags,
      iteration: this.options.iteration,
      verdict: this.failure === undefined ? 'passed' : 'failed',
      startedAt: '',
      durationMs: performance.now() - this.startedAt,
      steps: this.steps,
      ...(this.failure !== undefined && {
        failure: {
          step: this.failure.step,
          message: this.failure.message,
          ...(this.failure.expected !== undefined && { expected: this.failure.expected }),
          ...(this.failure.received !== undefined && { received: this.failure.received }),
          lastFrames: this.failure.lastFrames,
        },
      }),
      links: this.options.recorder.scenarioLinks,
    };
  }
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
