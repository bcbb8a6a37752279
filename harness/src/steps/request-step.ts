import type { NanoRpcResponse } from '@nanorpc-sim/core';
import { z } from 'zod';
import { Capture } from '../format/capture-schema.js';
import { optionalDurationMs } from '../format/duration.js';
import { exactlyOne } from '../format/exactly-one.js';
import { ResponseExpect } from '../format/expectation-schema.js';
import { PathFields } from '../format/path-schema.js';
import { Payload } from '../format/payload-schema.js';
import { VariableName } from '../format/variable-name.js';
import { callFailure } from '../runtime/response-check.js';
import { checkHashPath, pathRefOf, pathText } from './path-ref.js';
import { judgeResponse, planResponseExpect } from './response-judge.js';
import { defineStep } from './step-module.js';

/** Sends TYPE_REQUEST and checks the answer; with `async`, the answer waits for expect-response. */
export const requestStep = defineStep({
  kind: 'request',
  role: 'device-under-test',
  schema: z
    .strictObject({
      ...PathFields,
      data: Payload.optional(),
      responseType: z.string().describe('message type to decode the answer with').optional(),
      expect: ResponseExpect.optional(),
      capture: Capture.optional(),
      async: z
        .boolean()
        .describe('send and go on; check the answer later with expect-response')
        .optional(),
      as: VariableName.describe('name for expect-response').optional(),
    })
    .superRefine(exactlyOne(['path', 'hash']))
    .describe('send TYPE_REQUEST and check the answer (status OK unless expect.status says)'),
  plan: (input, context) => {
    checkHashPath(input, context.problem);
    if (input.async === true) {
      if (input.as === undefined)
        context.problem([], 'an async request needs `as` (a name for expect-response)');
      else context.asyncRequests.add(input.as);
    }
    const withinMs = optionalDurationMs(input.expect?.within);
    return { ...input, expect: planResponseExpect(input.expect, withinMs) };
  },
  title: (spec) =>
    `request ${pathText(spec)}${spec.async === true ? ` (async ${spec.as ?? ''})` : ''}`,
  run: async (rawSpec, context) => {
    const spec = context.variables.interpolate(rawSpec);
    const device = context.device();
    const client = device.requireClient();
    const target = pathRefOf(spec);
    const data = context.payloads.encode(spec.data, target.path, 'request', 'request.data');
    const within = spec.expect?.withinMs;
    const started = performance.now();
    const options = {
      ...(spec.hashPath !== undefined && { hashPath: spec.hashPath }),
      ...(within !== undefined && { timeoutMs: within }),
    };
    if (spec.async === true) {
      const name = spec.as as string;
      const entry = {
        path: target.path,
        pathText: target.text,
        responseType: spec.responseType,
        sentAt: started,
      };
      device.asyncRequests.set(name, entry);
      client.request(target.ref, data, { ...options, signal: context.scenarioSignal }).then(
        (response) => {
          Object.assign(entry, { settled: { response, latencyMs: performance.now() - started } });
          device.changes.notify();
        },
        (error: Error) => {
          Object.assign(entry, { settled: { error } });
          device.changes.notify();
        },
      );
      return { note: `sent as ${name}`, path: target.text };
    }
    let response: NanoRpcResponse;
    try {
      response = await context.waitingFor(
        `the answer to the request ${target.text}`,
        client.request(target.ref, data, { ...options, signal: context.signal }),
      );
    } catch (error) {
      callFailure(error, context.signal, `request ${target.text}`);
    }
    return judgeResponse(
      context,
      response,
      performance.now() - started,
      spec.expect,
      spec.capture,
      {
        path: target.path,
        text: target.text,
        responseType: spec.responseType,
      },
    );
  },
});
