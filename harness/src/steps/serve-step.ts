import { parseStatus, Status } from '@nanorpc-sim/core';
import { z } from 'zod';
import { Duration, optionalDurationMs } from '../format/duration.js';
import { StatusName } from '../format/expectation-schema.js';
import { Payload } from '../format/payload-schema.js';
import { defineStep } from './step-module.js';

/** How the scripted server answers requests to a path from now on. */
export const serveStep = defineStep({
  kind: 'serve',
  role: 'client-under-test',
  schema: z
    .strictObject({
      path: z.string(),
      status: StatusName.optional(),
      message: z.string().optional(),
      data: Payload.optional(),
      delay: Duration.describe('answer after this long').optional(),
      silent: z.boolean().describe('never answer').optional(),
    })
    .describe('client-under-test: how the harness answers requests to a path from now on'),
  plan: ({ delay, ...rule }) => ({ ...rule, delayMs: optionalDurationMs(delay) ?? 0 }),
  title: (spec) => `serve ${spec.path}`,
  servedPaths: (spec) => ({ handlers: [spec.path] }),
  run: async (rawSpec, context) => {
    const spec = context.variables.interpolate(rawSpec);
    const status =
      spec.status === undefined || spec.status === 'any'
        ? Status.Ok
        : (parseStatus(spec.status) as number);
    context.server().serve(spec.path, {
      status,
      message: spec.message ?? '',
      data: context.payloads.encode(spec.data, spec.path, 'response', 'serve.data'),
      delayMs: spec.delayMs,
      silent: spec.silent === true,
    });
  },
});
