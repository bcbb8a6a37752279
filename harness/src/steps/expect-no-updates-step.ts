import { z } from 'zod';
import { Duration, durationMs, formatDuration } from '../format/duration.js';
import { StepFailure } from '../runtime/step-failure.js';
import { defineStep } from './step-module.js';
import { describeUpdates, queuedUpdatesWithin } from './update-decoding.js';

export const expectNoUpdatesStep = defineStep({
  kind: 'expect-no-updates',
  role: 'device-under-test',
  schema: z
    .strictObject({ subscription: z.string().optional(), for: Duration })
    .describe('no update of the subscription arrives for a while'),
  plan: (input) => ({ subscription: input.subscription, forMs: durationMs(input.for) }),
  title: (spec) => `expect-no-updates for ${formatDuration(spec.forMs)}`,
  run: async (rawSpec, context) => {
    const spec = context.variables.interpolate(rawSpec);
    const tracked = context.device().subscriptionNamed(spec.subscription);
    const quiet = spec.forMs;
    const count = await queuedUpdatesWithin(
      context,
      tracked,
      quiet,
      `${formatDuration(quiet)} without updates`,
      'update',
    );
    if (count > 0) {
      throw new StepFailure(
        `subscription "${tracked.name}": expected no update for ${formatDuration(quiet)}, received ${count}`,
        {
          expected: { count: 0 },
          received: { count, updates: describeUpdates(context, tracked, tracked.queue) },
        },
      );
    }
  },
});
