import type { NanoRpcResponse } from '@nanorpc-sim/core';
import { z } from 'zod';
import { Duration, formatDuration, optionalDurationMs } from '../format/duration.js';
import { AckExpect } from '../format/expectation-schema.js';
import { sleep } from '../runtime/change-notifier.js';
import { callFailure, checkResponse, describeResponse } from '../runtime/response-check.js';
import { StepFailure } from '../runtime/step-failure.js';
import { planAckExpectation } from './ack-expectation.js';
import { defineStep } from './step-module.js';

export const unsubscribeStep = defineStep({
  kind: 'unsubscribe',
  role: 'device-under-test',
  schema: z
    .strictObject({
      subscription: z.string().optional(),
      expect: AckExpect.optional(),
      quiet: Duration.describe(
        'wait this long after the acknowledgement; any frame with the id fails the step ' +
          '(frames with the id fail the scenario anyway)',
      ).optional(),
    })
    .nullable()
    .describe('send the unsubscribe request; nothing with its id may arrive after the ack'),
  plan: (input) => ({
    subscription: input?.subscription,
    expect: planAckExpectation(input?.expect),
    quietMs: optionalDurationMs(input?.quiet),
  }),
  title: (spec) => `unsubscribe${spec.subscription !== undefined ? ` ${spec.subscription}` : ''}`,
  run: async (rawSpec, context) => {
    const spec = context.variables.interpolate(rawSpec);
    const device = context.device();
    const tracked = device.subscriptionNamed(spec.subscription);
    const id = tracked.subscription.id;
    const within = spec.expect?.withinMs;
    const started = performance.now();
    let ack: NanoRpcResponse;
    try {
      ack = await context.waitingFor(
        `the unsubscribe acknowledgement of "${tracked.name}" (id ${id})`,
        tracked.subscription.unsubscribe({
          signal: context.signal,
          ...(within !== undefined && { timeoutMs: within }),
        }),
      );
    } catch (error) {
      callFailure(error, context.signal, `unsubscribe ${tracked.name}`);
    }
    const latencyMs = performance.now() - started;
    checkResponse(spec.expect, ack, () => ({}), `unsubscribe ${tracked.name}`);
    device.watchTerminated(id, tracked.name);
    if (spec.quietMs !== undefined) {
      await context.waitingFor(
        `a quiet ${formatDuration(spec.quietMs)} after the unsubscribe`,
        sleep(spec.quietMs, context.signal),
      );
      const late = device.lateFramesFor(id);
      if (late.length > 0) {
        throw new StepFailure(
          `${late.length} frame(s) with id ${id} arrived after the unsubscribe acknowledgement`,
          {
            expected: `nothing with request id ${id}`,
            received: late.map((record) => record.decoded ?? record.hex),
          },
        );
      }
    }
    return { latencyMs, note: describeResponse(ack).status as string, path: tracked.pathText };
  },
});
