import { NanoRpcError } from '@nanorpc-sim/core';
import { formatDuration } from '../format/duration.js';
import type { ScenarioResult, StepResult, TraceRecord } from '../report/run-report.js';
import { DeviceSession } from '../runtime/device-session.js';
import { ScriptedServer } from '../runtime/scripted-server.js';
import { StepFailure, TimeLimitError } from '../runtime/step-failure.js';
import { VariableScope } from '../runtime/variables.js';
import type { StepContext } from '../steps/step-context.js';
import type { PlannedStep } from '../steps/step-module.js';
import { servedPathsOf, stepModule, stepTitle } from '../steps/step-registry.js';
import type { ScenarioPlan } from './scenario-plan.js';
import {
  DEFAULT_SCENARIO_TIMEOUT_MS,
  DEFAULT_STEP_TIMEOUT_MS,
  LAST_FRAMES_IN_FAILURE,
  type ScenarioRunOptions,
} from './scenario-run-options.js';

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
export class ScenarioRun {
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
        this.server = new ScriptedServer(
          this.plan.server,
          this.plan.directory,
          servedPathsOf(this.plan.steps),
          this.options.recorder,
          this.log,
        );
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
    steps: readonly PlannedStep[],
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

  private skip(step: PlannedStep): void {
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

  private async runStep(step: PlannedStep, scope: VariableScope, note: string): Promise<void> {
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
    const module = stepModule(step.kind);
    // A block (repeat) has no limit of its own: each nested step has one.
    const timer =
      module.nestedSteps !== undefined
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
      role: this.plan.role,
      directory: this.plan.directory,
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
      const outcome = await module.run(step.spec, context);
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
