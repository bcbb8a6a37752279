import { sleep } from '../change-notifier.js';
import { durationMs, formatDuration } from '../duration.js';
import type { StepExecutor } from '../step-context.js';

export const wait: StepExecutor<'wait'> = async (spec, context) => {
  const ms = durationMs(spec);
  await context.waitingFor(`the end of a ${formatDuration(ms)} wait`, sleep(ms, context.signal));
};

export const set: StepExecutor<'set'> = async (spec, context) => {
  for (const [name, value] of Object.entries(spec))
    context.variables.set(name, context.variables.interpolate(value));
};

export const repeat: StepExecutor<'repeat'> = async (spec, context) => {
  const counter = spec.as ?? 'index';
  for (let index = 0; index < spec.times; index++) {
    await context.runSteps(
      spec.steps,
      context.variables.child({ [counter]: index }),
      `${counter}=${index}`,
    );
  }
  return { note: `${spec.times} time(s)` };
};
