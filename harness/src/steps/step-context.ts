import type { ScenarioRole } from '../format/scenario-role.js';
import type { DeviceSession } from '../runtime/device-session.js';
import type { ScenarioPayloads } from '../runtime/scenario-payloads.js';
import type { ScriptedServer } from '../runtime/scripted-server.js';
import type { TraceRecorder } from '../runtime/trace-recorder.js';
import type { VariableScope } from '../runtime/variables.js';
import type { RunningTarget } from '../targets/target-provider.js';
import type { PlannedStep } from './planned-step.js';

/** What a step reports besides passing: the round trip of its exchange, a note for people. */
export interface StepOutcome {
  latencyMs?: number;
  note?: string;
  /** The path an exchange used (/calc/multiply, or 0x1234abcd when named by hash). */
  path?: string;
}

/** Everything a step may use while it runs. */
export interface StepContext {
  /** The scenario's role: who the harness plays. */
  readonly role: ScenarioRole;
  /** Folder of the scenario file (absolute): relative commands run there. */
  readonly directory: string;
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
  runSteps(
    steps: readonly PlannedStep[],
    scope: VariableScope,
    iterationNote: string,
  ): Promise<void>;
  /** The run's working directory. */
  readonly cwd: string;
  log(line: string): void;
}
