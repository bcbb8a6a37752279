import { z } from 'zod';
import { Payload } from '../format/payload-schema.js';
import { StepFailure } from '../runtime/step-failure.js';
import { defineStep } from './step-module.js';

export const publishStep = defineStep({
  kind: 'publish',
  role: 'client-under-test',
  schema: z
    .strictObject({
      path: z.string(),
      data: Payload.optional(),
      expect: z
        .strictObject({ delivered: z.number().int().min(0) })
        .describe('how many subscribers must get the update')
        .optional(),
    })
    .describe('client-under-test: publish an update to subscribers of a path'),
  plan: (input) => input,
  title: (spec) => `publish ${spec.path}`,
  servedPaths: (spec) => ({ topics: [spec.path] }),
  run: async (rawSpec, context) => {
    const spec = context.variables.interpolate(rawSpec);
    const data = context.payloads.encode(spec.data, spec.path, 'response', 'publish.data');
    const delivered = context.server().publish(spec.path, data);
    if (spec.expect !== undefined && delivered !== spec.expect.delivered) {
      throw new StepFailure(
        `publish ${spec.path}: ${delivered} subscriber(s) got the update, expected ${spec.expect.delivered}`,
        {
          expected: { delivered: spec.expect.delivered },
          received: { delivered },
        },
      );
    }
    return { note: `${delivered} delivered` };
  },
});
