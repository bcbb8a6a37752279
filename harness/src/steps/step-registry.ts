import { z } from 'zod';
import { Duration, type DurationInput } from '../format/duration.js';
import { connectStep } from './connect-step.js';
import { disconnectStep } from './disconnect-step.js';
import { dropConnectionStep } from './drop-connection-step.js';
import { expectConnectionStep } from './expect-connection-step.js';
import { expectDisconnectStep } from './expect-disconnect-step.js';
import { expectExitStep } from './expect-exit-step.js';
import { expectFrameStep } from './expect-frame-step.js';
import { expectNoUpdatesStep } from './expect-no-updates-step.js';
import { expectReconnectStep } from './expect-reconnect-step.js';
import { expectRecoveryStep } from './expect-recovery-step.js';
import { expectRequestStep } from './expect-request-step.js';
import { expectResponseStep } from './expect-response-step.js';
import { expectSilenceStep } from './expect-silence-step.js';
import { expectUpdatesStep } from './expect-updates-step.js';
import { pingStep } from './ping-step.js';
import { publishStep } from './publish-step.js';
import { rebootStep } from './reboot-step.js';
import { repeatStep, type RepeatSpecInput } from './repeat-step.js';
import { requestStep } from './request-step.js';
import { sendRawStep } from './send-raw-step.js';
import { serveStep } from './serve-step.js';
import { setStep } from './set-step.js';
import type { ServedPaths } from '../runtime/scripted-server.js';
import type { PlannedStep, StepModule } from './step-module.js';
import { subscribeStep } from './subscribe-step.js';
import { unsubscribeStep } from './unsubscribe-step.js';
import { waitStep } from './wait-step.js';

/*
 * Every step kind, one module each. The order is the order of the file schema's union, which
 * the loader uses to explain errors, and of the kinds in messages. A new step kind is one new
 * module and one line here.
 */
const SIMPLE_STEPS = [
  connectStep,
  disconnectStep,
  pingStep,
  requestStep,
  expectResponseStep,
  subscribeStep,
  expectUpdatesStep,
  expectNoUpdatesStep,
  unsubscribeStep,
  sendRawStep,
  expectFrameStep,
  expectSilenceStep,
  expectDisconnectStep,
  expectReconnectStep,
  expectRecoveryStep,
  rebootStep,
  expectConnectionStep,
  serveStep,
  expectRequestStep,
  publishStep,
  dropConnectionStep,
  expectExitStep,
  waitStep,
  setStep,
] as const;

type SimpleStep = (typeof SIMPLE_STEPS)[number];

/** The keys every step may have besides its step key. */
interface CommonStepInput {
  title?: string | undefined;
  timeout?: DurationInput | undefined;
}

type OptionInput<M> =
  M extends StepModule<infer K, infer Input, infer _Spec>
    ? CommonStepInput & { [P in K]: Input }
    : never;

/** A step as written in a file. */
export type StepInput = OptionInput<SimpleStep> | RepeatStepInput;

export interface RepeatStepInput extends CommonStepInput {
  repeat: RepeatSpecInput<StepInput>;
}

const CommonStepFields = {
  title: z.string().describe('shown in reports instead of the generated title').optional(),
  timeout: Duration.describe('time limit of this step').optional(),
};

/** The file schema's option for one step kind: its key, plus the common keys. */
function stepOption(module: { kind: string; schema: z.ZodType }): z.ZodType {
  return z.strictObject({ ...CommonStepFields, [module.kind]: module.schema });
}

const repeat = repeatStep<StepInput>(() => Step);

/** Every step module, in the order of the union's options. */
export const STEP_MODULES = [...SIMPLE_STEPS, repeat] as const;

export type StepKind = (typeof STEP_MODULES)[number]['kind'];

/** Step kinds, in the order of the options of the Step union. */
export const STEP_KINDS: readonly StepKind[] = STEP_MODULES.map((module) => module.kind);

/** One option per kind, in STEP_KINDS order (the loader relies on it to explain errors). */
export const Step: z.ZodType<StepInput> = z.union(
  STEP_MODULES.map(stepOption) as [z.ZodType, ...z.ZodType[]],
) as z.ZodType<StepInput>;

type ModuleOf<K extends StepKind> = Extract<(typeof STEP_MODULES)[number], { kind: K }>;

/** A step's spec as the runner sees it (durations in ms, defaults applied). */
export type PlanSpec<K extends StepKind> =
  ModuleOf<K> extends StepModule<K, infer _Input, infer Spec> ? Spec : never;

/** A planned step with the spec type of its kind. */
export type PlanStep = {
  [K in StepKind]: {
    kind: K;
    spec: PlanSpec<K>;
    title?: string | undefined;
    timeoutMs?: number | undefined;
    line: number;
    label: string;
  };
}[StepKind];

/** Any module, as code that handles every kind alike (planner, runner) sees it. */
export type AnyStepModule = StepModule<StepKind, unknown, unknown>;

const BY_KIND = new Map<string, AnyStepModule>(
  STEP_MODULES.map((module) => [module.kind, module as unknown as AnyStepModule]),
);

/** The module of a step kind. */
export function stepModule(kind: string): AnyStepModule {
  const module = BY_KIND.get(kind);
  if (module === undefined) throw new Error(`no step module for kind ${kind}`);
  return module;
}

/** The step key of a validated step object. */
export function stepKindOf(step: object): StepKind {
  const kind = STEP_KINDS.find((candidate) => candidate in step);
  if (kind === undefined) throw new Error('a validated step has a step key');
  return kind;
}

/** What a step does, in a few words, for progress lines and reports (unless it has a title). */
export function stepTitle(step: PlannedStep): string {
  return step.title ?? stepModule(step.kind).title(step.spec);
}

/** The paths a scenario's steps (nested ones too) need served: handlers and topics. */
export function servedPathsOf(steps: readonly PlannedStep[]): ServedPaths {
  const handlers = new Set<string>();
  const topics = new Set<string>();
  const visit = (list: readonly PlannedStep[]): void => {
    for (const step of list) {
      const module = stepModule(step.kind);
      const paths = module.servedPaths?.(step.spec);
      for (const path of paths?.handlers ?? []) handlers.add(path);
      for (const path of paths?.topics ?? []) topics.add(path);
      visit(module.nestedSteps?.(step.spec) ?? []);
    }
  };
  visit(steps);
  return { handlers, topics };
}
