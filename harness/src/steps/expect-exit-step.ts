import { z } from 'zod';
import { Duration, optionalDurationMs } from '../format/duration.js';
import { StepFailure } from '../runtime/step-failure.js';
import { defineStep } from './step-module.js';

export const expectExitStep = defineStep({
  kind: 'expect-exit',
  role: 'client-under-test',
  schema: z
    .strictObject({ code: z.number().int().optional(), within: Duration.optional() })
    .nullable()
    .describe('client-under-test: the launched client exits (with code, default 0)'),
  plan: (input) => ({ code: input?.code ?? 0, withinMs: optionalDurationMs(input?.within) }),
  title: () => 'expect-exit',
  run: async (spec, context) => {
    const server = context.server();
    const launched = server.launchedClient();
    const exit = await context.waitingFor(
      'the launched client to exit',
      server.changes.until(() => launched.exit, {
        what: 'exit of the launched client',
        timeoutMs: spec.withinMs,
        signal: context.signal,
      }),
    );
    if (exit.code !== spec.code) {
      const how =
        exit.code === null
          ? `was ended by ${exit.signal ?? 'an error'}`
          : `exited with status ${exit.code}`;
      throw new StepFailure(`the launched client ${how}, expected status ${spec.code}`, {
        expected: { code: spec.code },
        received: { code: exit.code, signal: exit.signal, output: launched.output.slice(-10) },
      });
    }
  },
});
