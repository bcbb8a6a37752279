import {
  type NanoRpcResponse,
  ResponseType,
  responseTypeName,
  Status,
  statusName,
} from '@nanorpc-sim/core';
import { z } from 'zod';
import { Capture } from '../format/capture-schema.js';
import { Duration, optionalDurationMs } from '../format/duration.js';
import { applyCapture } from '../runtime/capture.js';
import { callFailure, describeResponse } from '../runtime/response-check.js';
import { StepFailure } from '../runtime/step-failure.js';
import { defineStep } from './step-module.js';

export const pingStep = defineStep({
  kind: 'ping',
  role: 'device-under-test',
  schema: z
    .strictObject({ within: Duration.optional(), capture: Capture.optional() })
    .nullable()
    .describe('send TYPE_PING, expect TYPE_PONG with STATUS_OK'),
  plan: (input) => ({ withinMs: optionalDurationMs(input?.within), capture: input?.capture }),
  title: () => 'ping',
  run: async (rawSpec, context) => {
    const spec = context.variables.interpolate(rawSpec);
    const client = context.device().requireClient();
    const within = spec.withinMs;
    const started = performance.now();
    let response: NanoRpcResponse;
    try {
      response = await context.waitingFor(
        'the TYPE_PONG',
        client.ping({ signal: context.signal, ...(within !== undefined && { timeoutMs: within }) }),
      );
    } catch (error) {
      callFailure(error, context.signal, 'ping');
    }
    const latencyMs = performance.now() - started;
    if (response.responseType !== ResponseType.Pong || response.responseStatus !== Status.Ok) {
      throw new StepFailure(
        `ping: expected TYPE_PONG with STATUS_OK, received ${responseTypeName(response.responseType)} ` +
          `with ${statusName(response.responseStatus)}`,
        {
          expected: { type: 'TYPE_PONG', status: 'STATUS_OK' },
          received: describeResponse(response),
        },
      );
    }
    applyCapture(
      spec.capture,
      { status: response.responseStatus, latencyMs, requestId: response.requestId },
      context.variables,
    );
    return { latencyMs };
  },
});
