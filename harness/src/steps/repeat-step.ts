import { z } from 'zod';
import { VariableName } from '../format/variable-name.js';
import { defineStep, type PlannedStep } from './step-module.js';

/** A repeat block as written; `S` is a step as written (the union that holds repeat itself). */
export interface RepeatSpecInput<S> {
  times: number;
  as?: string | undefined;
  steps: S[];
}

/**
 * The repeat step. Its schema holds the step union, which is built from every module including
 * this one, so the union comes as a function and is read lazily (a getter: zod's recursion).
 */
export function repeatStep<S>(stepSchema: () => z.ZodType<S>) {
  return defineStep({
    kind: 'repeat',
    role: 'both',
    schema: z
      .strictObject({
        times: z.number().int().min(1),
        as: VariableName.describe('variable holding the iteration, from 0').optional(),
        get steps(): z.ZodArray<z.ZodType<S>> {
          return z.array(stepSchema()).min(1);
        },
      })
      .describe('run steps N times') as z.ZodType<RepeatSpecInput<S>>,
    plan: (input, context) => ({
      times: input.times,
      as: input.as,
      steps: context.planSteps(input.steps, ['steps']),
    }),
    title: (spec) => `repeat ${spec.times} time(s)`,
    nestedSteps: (spec): readonly PlannedStep[] => spec.steps,
    run: async (spec, context) => {
      const counter = spec.as ?? 'index';
      for (let index = 0; index < spec.times; index++) {
        await context.runSteps(
          spec.steps,
          context.variables.child({ [counter]: index }),
          `${counter}=${index}`,
        );
      }
      return { note: `${spec.times} time(s)` };
    },
  });
}
