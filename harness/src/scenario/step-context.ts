import type { DeviceSession } from './device-session.js';
import type { ScenarioPayloads } from './scenario-payloads.js';
import type { PlanSpec, PlanStep, ScenarioPlan } from './scenario-plan.js';
import type { ScriptedServer } from './scripted-server.js';
import type { StepKind } from './scenario-file-schema.js';
import type { RunningTarget } from '../targets/target-provider.js';
import type { TraceRecorder } from './trace-recorder.js';
import type { VariableScope } from './variables.js';

/** What a step reports besides passing: the round trip of its exchange, a note for people. */
export interface StepOutcome {
  latencyMs?: number;
  note?: string;
  /** The path an exchange used (/calc/multiply, or 0x1234abcd when named by hash). */
  path?: string;
}

/** Everything a step may use while it runs. */
export interface StepContext {
  readonly plan: ScenarioPlan;
  readonly step: PlanStep;
  readonly variables: VariableScope;
  readonly payloads: ScenarioPayloads;
  /** Aborted (with a TimeLimitError naming what was awaited) at the step or scenario limit. */
  readonly signal: AbortSignal;
  /** Aborted at the scenario's end or limit only (work that outlives its step: async requests). */
  readonly scenarioSignal: AbortSignal;
  readonly target: RunningTarget | undefined;
  readonly recorder: TraceRecorder;
  /** The harness client side (device-under-test); StepFailure from the getter otherwise. */
  device(): DeviceSession;
  /** The scripted server side (client-under-test). */
  server(): ScriptedServer;
  /**
   * Says what the step is waiting for, so that a time limit reached meanwhile says it too.
   * Returns `work`'s result.
   */
  waitingFor<T>(what: string, work: Promise<T>): Promise<T>;
  /** Runs nested steps (repeat) in `scope`, each with its own result. */
  runSteps(steps: PlanStep[], scope: VariableScope, iterationNote: string): Promise<void>;
  /** The run's working directory. */
  readonly cwd: string;
  log(line: string): void;
}

export type StepExecutor<K extends StepKind> = (
  spec: PlanSpec<K>,
  context: StepContext,
) => Promise<StepOutcome | void>;

export type StepExecutors = { [K in StepKind]: StepExecutor<K> };
