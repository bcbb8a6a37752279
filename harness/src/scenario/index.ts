export { ChangeNotifier } from './change-notifier.js';
export { formatDuration, durationMs as scenarioDurationMs } from './duration.js';
export { BUILT_IN_PROTOS, resolveProtoFile } from './built-in-protos.js';
export { ProtoCache } from './proto-files.js';
export { makeRunId } from './run-id.js';
export { ScenarioFileError, formatIssue, type ScenarioFileIssue } from './scenario-file-error.js';
export {
  ScenarioFile,
  Step as ScenarioStep,
  STEP_KINDS,
  type ScenarioFileInput,
  type StepInput,
  type StepKind,
} from './scenario-file-schema.js';
export { scenarioJsonSchema, scenarioJsonSchemaText } from './scenario-json-schema.js';
export { loadScenarioFile, parseScenario } from './scenario-loader.js';
export { ScenarioPayloads } from './scenario-payloads.js';
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
export { StepFailure, TimeLimitError } from './step-failure.js';
export { endpointTarget } from '../targets/endpoint.js';
export { TargetRegistry, UnknownTargetError } from '../targets/target-registry.js';
export type { RunningTarget, TargetProvider, TargetStartOptions } from '../targets/target-provider.js';
export { TraceRecorder, type TraceListener } from './trace-recorder.js';
export { VariableScope } from './variables.js';
