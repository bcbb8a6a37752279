import {
  type NanoRpcResponse,
  parseStatus,
  ResponseType,
  Status,
  StatusError,
} from '@nanorpc-sim/core';
import { z } from 'zod';
import { Capture } from '../format/capture-schema.js';
import { exactlyOne } from '../format/exactly-one.js';
import { AckExpect } from '../format/expectation-schema.js';
import { PathFields } from '../format/path-schema.js';
import { Payload } from '../format/payload-schema.js';
import { VariableName } from '../format/variable-name.js';
import { applyCapture } from '../runtime/capture.js';
import type { ReceivedFrame, TrackedSubscription } from '../runtime/device-session.js';
import { callFailure, checkResponse } from '../runtime/response-check.js';
import { planAckExpectation } from './ack-expectation.js';
import { checkHashPath, pathRefOf, pathText } from './path-ref.js';
import { defineStep } from './step-module.js';

/** The subscribe acknowledgement as received (the client resolves with the Subscription only). */
function ackFromTrace(received: readonly ReceivedFrame[], id: number): NanoRpcResponse {
  for (let i = received.length - 1; i >= 0; i--) {
    const decoded = received[i]?.record.decoded;
    if (decoded?.['requestId'] === id && decoded['responseType'] === 'TYPE_RESPONSE') {
      return {
        requestId: id,
        responseType: ResponseType.Response,
        responseStatus: parseStatus(String(decoded['responseStatus'])) ?? Status.Unspecified,
        responseMessage:
          typeof decoded['responseMessage'] === 'string' ? decoded['responseMessage'] : '',
        data: Buffer.from(String(decoded['data'] ?? ''), 'hex'),
      };
    }
  }
  // The client only resolves on an OK ack, so OK is what arrived even if the trace missed it.
  return {
    requestId: id,
    responseType: ResponseType.Response,
    responseStatus: Status.Ok,
    responseMessage: '',
    data: new Uint8Array(0),
  };
}

export const subscribeStep = defineStep({
  kind: 'subscribe',
  role: 'device-under-test',
  schema: z
    .strictObject({
      ...PathFields,
      filter: Payload.optional(),
      updateType: z.string().describe('message type to decode updates with').optional(),
      as: VariableName.describe('subscription name for later steps (default: the path)').optional(),
      expect: AckExpect.optional(),
      capture: Capture.optional(),
    })
    .superRefine(exactlyOne(['path', 'hash']))
    .describe('send TYPE_SUBSCRIBE; expects the acknowledgement (status OK by default)'),
  plan: (input, context) => {
    checkHashPath(input, context.problem);
    return { ...input, expect: planAckExpectation(input.expect) };
  },
  title: (spec) => `subscribe ${pathText(spec)}${spec.as !== undefined ? ` as ${spec.as}` : ''}`,
  run: async (rawSpec, context) => {
    const spec = context.variables.interpolate(rawSpec);
    const device = context.device();
    const client = device.requireClient();
    const target = pathRefOf(spec);
    const name = spec.as ?? target.path ?? target.text;
    const filter = context.payloads.encode(spec.filter, target.path, 'request', 'subscribe.filter');
    const within = spec.expect?.withinMs;
    // Tracked before the subscribe goes out: updates may follow the ack at once.
    const updates: NanoRpcResponse[] = [];
    let tracked: TrackedSubscription | undefined;
    const started = performance.now();
    let ack: NanoRpcResponse;
    try {
      const subscription = await context.waitingFor(
        `the acknowledgement of the subscribe to ${target.text}`,
        client.subscribe(
          target.ref,
          filter,
          (update) => {
            if (tracked === undefined) updates.push(update);
            else device.deliver(tracked, update);
          },
          {
            signal: context.signal,
            ...(spec.hashPath !== undefined && { hashPath: spec.hashPath }),
            ...(within !== undefined && { timeoutMs: within }),
          },
        ),
      );
      tracked = device.track({
        name,
        pathText: target.text,
        path: target.path,
        subscription,
        updateType: spec.updateType,
      });
      for (const update of updates) device.deliver(tracked, update);
      subscription.on('terminated', () => device.changes.notify());
      ack = ackFromTrace(device.received, subscription.id);
    } catch (error) {
      if (!(error instanceof StatusError) || error.response === undefined) {
        callFailure(error, context.signal, `subscribe ${target.text}`);
      }
      ack = error.response;
    }
    const latencyMs = performance.now() - started;
    checkResponse(spec.expect, ack, () => ({}), `subscribe ${target.text}`);
    applyCapture(
      spec.capture,
      {
        status: ack.responseStatus,
        message: ack.responseMessage,
        requestId: ack.requestId,
        latencyMs,
      },
      context.variables,
    );
    return { latencyMs, path: target.text };
  },
});
