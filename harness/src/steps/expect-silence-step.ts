import { z } from 'zod';
import { Duration, durationMs, formatDuration } from '../format/duration.js';
import type { ReceivedFrame } from '../runtime/device-session.js';
import { StepFailure } from '../runtime/step-failure.js';
import { frameSummary, integerOf } from './raw-frames.js';
import { defineStep } from './step-module.js';

/** No frame (with the request id) arrives for a while, counted from the previous step's end. */
export const expectSilenceStep = defineStep({
  kind: 'expect-silence',
  role: 'device-under-test',
  schema: z
    .strictObject({
      for: Duration,
      requestId: z.union([z.number().int(), z.string()]).optional(),
    })
    .describe('no frame (with this request id) arrives for a while'),
  plan: (input) => ({ forMs: durationMs(input.for), requestId: input.requestId }),
  title: (spec) => `expect-silence for ${formatDuration(spec.forMs)}`,
  run: async (rawSpec, context) => {
    const spec = context.variables.interpolate(rawSpec);
    const device = context.device();
    const quiet = spec.forMs;
    const id =
      spec.requestId === undefined
        ? undefined
        : integerOf(spec.requestId, 'expect-silence.requestId');
    const offending = (): ReceivedFrame | undefined =>
      device.received
        .slice(device.silenceCursor)
        .find(
          (frame) =>
            !frame.matched && (id === undefined || frame.record.decoded?.['requestId'] === id),
        );
    const frame = await context.waitingFor(
      `${formatDuration(quiet)} of silence`,
      device.changes.until<ReceivedFrame | null>(offending, {
        what: 'frame',
        timeoutMs: quiet,
        signal: context.signal,
        onTimeout: () => null,
      }),
    );
    if (frame !== null) {
      throw new StepFailure(
        `expected no frame${id === undefined ? '' : ` with request id ${id}`} for ${formatDuration(quiet)}, received one`,
        { expected: 'silence', received: frameSummary(frame.record) },
      );
    }
  },
});
