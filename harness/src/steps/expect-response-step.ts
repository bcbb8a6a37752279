import { z } from 'zod';
import { Capture } from '../format/capture-schema.js';
import { optionalDurationMs } from '../format/duration.js';
import { ResponseExpectFields } from '../format/expectation-schema.js';
import { VariableName } from '../format/variable-name.js';
import { callFailure } from '../runtime/response-check.js';
import { StepFailure } from '../runtime/step-failure.js';
import { judgeResponse, planResponseExpect } from './response-judge.js';
import { defineStep } from './step-module.js';

/** Checks the answer to an async request; `within` counts from when it was sent. */
export const expectResponseStep = defineStep({
  kind: 'expect-response',
  role: 'device-under-test',
  schema: z
    .strictObject({
      request: VariableName.describe('the `as` name of an async request'),
      ...ResponseExpectFields,
      capture: Capture.optional(),
    })
    .describe('check the answer to an async request'),
  plan: (input, context) => {
    if (!context.asyncRequests.has(input.request)) {
      context.problem(['request'], `no earlier async request has \`as: ${input.request}\``);
    }
    const { request, capture, ...expect } = input;
    return {
      request,
      capture,
      expect: planResponseExpect(expect, optionalDurationMs(expect.within)) ?? {},
    };
  },
  title: (spec) => `expect-response ${spec.request}`,
  run: async (rawSpec, context) => {
    const spec = context.variables.interpolate(rawSpec);
    const device = context.device();
    const entry = device.asyncRequests.get(spec.request);
    if (entry === undefined) {
      throw new StepFailure(`no async request named "${spec.request}" was sent in this scenario`);
    }
    const within = spec.expect.withinMs;
    const remaining =
      within === undefined ? undefined : Math.max(0, entry.sentAt + within - performance.now());
    const settled = await context.waitingFor(
      `the answer to ${spec.request} (request ${entry.pathText})`,
      device.changes.until(() => entry.settled, {
        what: `answer to ${spec.request} (request ${entry.pathText}) within ${within} ms of sending`,
        timeoutMs: remaining,
        signal: context.signal,
      }),
    );
    if ('error' in settled)
      callFailure(settled.error, context.signal, `request ${entry.pathText} (${spec.request})`);
    return judgeResponse(context, settled.response, settled.latencyMs, spec.expect, spec.capture, {
      path: entry.path,
      text: entry.pathText,
      responseType: entry.responseType,
    });
  },
});
