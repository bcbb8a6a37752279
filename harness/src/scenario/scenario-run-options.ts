import type { ScenarioPayloads } from '../runtime/scenario-payloads.js';
import type { TraceRecorder } from '../runtime/trace-recorder.js';
import type { StepResult } from '../report/run-report.js';
import type { RunningTarget } from '../targets/target-provider.js';
import type { DeviceCapabilities } from './device-capabilities.js';
import type { ScenarioPlan } from './scenario-plan.js';

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
  /** What the run learnt of the device; requirements are checked against it. */
  capabilities?: DeviceCapabilities;
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
