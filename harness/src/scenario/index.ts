export { ChangeNotifier } from '../runtime/change-notifier.js';
export { formatDuration, durationMs as scenarioDurationMs } from '../format/duration.js';
export { BUILT_IN_PROTOS, resolveProtoFile } from '../runtime/built-in-protos.js';
export { ProtoCache } from './proto-files.js';
export { makeRunId } from './run-id.js';
export { ScenarioFileError, formatIssue, type ScenarioFileIssue } from './scenario-file-error.js';
export { ScenarioFile, type ScenarioFileInput } from './scenario-file-schema.js';
export {
  Step as ScenarioStep,
  STEP_KINDS,
  STEP_MODULES,
  type StepInput,
  type StepKind,
} from '../steps/step-registry.js';
export type { PlanContext, PlannedStep, StepModule, StepRole } from '../steps/step-module.js';
export type { StepContext, StepOutcome } from '../steps/step-context.js';
export { scenarioJsonSchema, scenarioJsonSchemaText } from './scenario-json-schema.js';
export { loadScenarioFile, parseScenario } from './scenario-loader.js';
export { ScenarioPayloads } from '../runtime/scenario-payloads.js';
export type {
  ClientPlan,
  PlanStep,
  ScenarioPlan,
  ScenarioRole,
  ServerPlan,
} from './scenario-plan.js';
export {
  appliesTo,
  DEFAULT_SCENARIO_TIMEOUT_MS,
  DEFAULT_STEP_TIMEOUT_MS,
  runScenario,
  type ScenarioRunEvents,
  type ScenarioRunOptions,
} from './scenario-runner.js';
export { filterByTags, loadScenarioSet } from './scenario-set.js';
export {
  runSuite,
  type SuiteEvents,
  type SuiteOptions,
  type SuiteOutcome,
} from './scenario-suite.js';
export { StepFailure, TimeLimitError } from '../runtime/step-failure.js';
export { endpointTarget } from '../targets/endpoint.js';
export { TargetRegistry, UnknownTargetError } from '../targets/target-registry.js';
export type {
  RunningTarget,
  TargetProvider,
  TargetStartOptions,
} from '../targets/target-provider.js';
export { TraceRecorder, type TraceListener } from '../runtime/trace-recorder.js';
export { VariableScope } from '../runtime/variables.js';
