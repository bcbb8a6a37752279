import type { z } from 'zod';
import type { ScenarioRole } from '../format/scenario-role.js';
import type { PlannedStep } from './planned-step.js';
import type { StepContext, StepOutcome } from './step-context.js';

export type { PlannedStep } from './planned-step.js';

/** Which scenario role(s) may use a step kind. */
export type StepRole = ScenarioRole | 'both';

/** A place below a step's spec in the file, e.g. ['expect', 'within']. */
export type SpecPath = readonly PropertyKey[];

/** What a module's plan conversion may use: the role, problem reports, nested planning. */
export interface PlanContext {
  readonly role: ScenarioRole;
  /** Reports a problem at `path` below the step's spec: the file is bad input. */
  problem(path: SpecPath, message: string): void;
  /** The `as` names of the async requests planned so far (expect-response refers to them). */
  readonly asyncRequests: Set<string>;
  /** Plans nested steps (repeat); `path` leads from the spec to their list. */
  planSteps(inputs: readonly unknown[], path: SpecPath): PlannedStep[];
}

/**
 * One step kind: the key and schema of its file format, who may use it, and how it is planned,
 * titled and run. The registry derives the kind list, the file schema's step union, the role
 * checks and the titles from these modules.
 */
export interface StepModule<K extends string, Input, Spec> {
  readonly kind: K;
  readonly role: StepRole;
  /** The spec as written (no transforms: it becomes the JSON Schema as it is). */
  readonly schema: z.ZodType<Input>;
  /** The spec as the runner sees it: durations in ms, defaults applied, references checked. */
  plan(input: Input, context: PlanContext): Spec;
  /** What the step does in a few words, for progress lines and reports. */
  title(spec: Spec): string;
  run(spec: Spec, context: StepContext): Promise<StepOutcome | void>;
  /** Paths the scripted server must know before step 1 (client-under-test steps). */
  servedPaths?(spec: Spec): { handlers?: readonly string[]; topics?: readonly string[] };
  /** Steps nested in this one (repeat), for whole-scenario walks. */
  nestedSteps?(spec: Spec): readonly PlannedStep[];
}

/** Identity, so that TypeScript infers a module's Input from its schema and Spec from plan. */
export function defineStep<K extends string, Input, Spec>(
  module: StepModule<K, Input, Spec>,
): StepModule<K, Input, Spec> {
  return module;
}
