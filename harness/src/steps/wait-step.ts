import { Duration, durationMs, formatDuration } from '../format/duration.js';
import { sleep } from '../runtime/change-notifier.js';
import { defineStep } from './step-module.js';

export const waitStep = defineStep({
  kind: 'wait',
  role: 'both',
  schema: Duration.describe('pause'),
  plan: (input) => ({ ms: durationMs(input) }),
  title: (spec) => `wait ${formatDuration(spec.ms)}`,
  run: async (spec, context) => {
    await context.waitingFor(
      `the end of a ${formatDuration(spec.ms)} wait`,
      sleep(spec.ms, context.signal),
    );
  },
});
