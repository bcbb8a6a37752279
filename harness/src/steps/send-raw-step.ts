import {
  encodeRequestFrame,
  encodeResponseFrame,
  type NanoRpcRequest,
  parseRequestType,
  parseResponseType,
  parseStatus,
  Status,
  varintSize,
  writeVarint,
} from '@nanorpc-sim/core';
import { z } from 'zod';
import { exactlyOne } from '../format/exactly-one.js';
import { StatusName } from '../format/expectation-schema.js';
import { RequestIdValue, RequestTypeName, ResponseTypeName } from '../format/frame-type-schema.js';
import { PathHash } from '../format/path-schema.js';
import { HexText, Payload } from '../format/payload-schema.js';
import { hexToBytes } from '../runtime/hex-bytes.js';
import { StepFailure } from '../runtime/step-failure.js';
import { integerOf } from './raw-frames.js';
import type { StepContext } from './step-context.js';
import { defineStep } from './step-module.js';

const RawRequestFrame = z
  .strictObject({
    requestId: RequestIdValue.describe('request_id (a number or ${var})'),
    type: z.union([RequestTypeName, z.number().int()]),
    path: z.string().optional(),
    hash: PathHash.optional(),
    data: Payload.optional(),
  })
  .superRefine(exactlyOne(['path', 'hash'], true));

const RawResponseFrame = z.strictObject({
  requestId: RequestIdValue,
  type: z.union([ResponseTypeName, z.number().int()]),
  status: StatusName.optional(),
  message: z.string().optional(),
  data: Payload.optional(),
});

const SendRawSpec = z
  .strictObject({
    hex: HexText.optional(),
    utf8: z.string().optional(),
    request: RawRequestFrame.describe('a NanoRPCRequest frame built as given').optional(),
    response: RawResponseFrame.describe('a NanoRPCResponse frame (client-under-test)').optional(),
    lengthPrefix: z
      .boolean()
      .describe('put a varint length before hex/utf8 bytes (default false)')
      .optional(),
  })
  .superRefine(exactlyOne(['hex', 'utf8', 'request', 'response']))
  .describe('write bytes as they are: malformed frames, odd envelopes (exactly one source)');

type SendRawSpec = z.infer<typeof SendRawSpec>;

const utf8 = new TextEncoder();

function withLengthPrefix(body: Uint8Array): Uint8Array {
  const frame = new Uint8Array(varintSize(body.length) + body.length);
  frame.set(body, writeVarint(frame, 0, body.length));
  return frame;
}

function hashOf(value: number | string): number {
  return typeof value === 'number' ? value : Number.parseInt(value, 16);
}

/** The bytes a send-raw step writes (interpolated spec). */
function rawBytes(spec: SendRawSpec, context: StepContext): Uint8Array {
  if (spec.hex !== undefined || spec.utf8 !== undefined) {
    const bytes =
      spec.hex !== undefined ? hexToBytes(spec.hex, 'send-raw.hex') : utf8.encode(spec.utf8);
    return spec.lengthPrefix === true ? withLengthPrefix(bytes) : bytes;
  }
  if (spec.request !== undefined) {
    const frame = spec.request;
    const type =
      typeof frame.type === 'number'
        ? frame.type
        : (parseRequestType(`TYPE_${frame.type}`) as number);
    const request: NanoRpcRequest = {
      requestId: integerOf(frame.requestId, 'send-raw.request.requestId'),
      requestType: type,
      data: context.payloads.encode(frame.data, frame.path, 'request', 'send-raw.request.data'),
    };
    if (frame.path !== undefined) request.path = frame.path;
    if (frame.hash !== undefined) request.pathHash = hashOf(frame.hash);
    return encodeRequestFrame(request);
  }
  const frame = spec.response;
  if (frame === undefined) return new Uint8Array(0);
  const type =
    typeof frame.type === 'number'
      ? frame.type
      : (parseResponseType(`TYPE_${frame.type}`) as number);
  const status =
    frame.status === undefined || frame.status === 'any'
      ? Status.Ok
      : (parseStatus(frame.status) as number);
  return encodeResponseFrame({
    requestId: integerOf(frame.requestId, 'send-raw.response.requestId'),
    responseType: type,
    responseStatus: status,
    responseMessage: frame.message ?? '',
    data: context.payloads.encode(frame.data, undefined, 'response', 'send-raw.response.data'),
  });
}

/** Writes bytes as they are; later expect-frame steps look at what came after them. */
export const sendRawStep = defineStep({
  kind: 'send-raw',
  role: 'both',
  schema: SendRawSpec,
  plan: (input, context) => {
    if (input.lengthPrefix !== undefined && input.hex === undefined && input.utf8 === undefined) {
      context.problem(['lengthPrefix'], 'lengthPrefix applies to hex or utf8 bytes');
    }
    if (input.request !== undefined && context.role !== 'device-under-test') {
      context.problem(['request'], 'the client under test receives responses: use `response`');
    }
    if (input.response !== undefined && context.role !== 'client-under-test') {
      context.problem(['response'], 'a device receives requests: use `request`');
    }
    return input;
  },
  title: (spec) => {
    if (spec.request !== undefined) return `send-raw request id ${spec.request.requestId}`;
    if (spec.response !== undefined) return `send-raw response id ${spec.response.requestId}`;
    return `send-raw ${spec.hex !== undefined ? 'hex' : 'utf8'}`;
  },
  run: async (rawSpec, context) => {
    const spec = context.variables.interpolate(rawSpec);
    const bytes = rawBytes(spec, context);
    if (context.role === 'client-under-test') {
      await context.waitingFor('the raw bytes to be written', context.server().sendRaw(bytes));
      return { note: `${bytes.length} byte(s)` };
    }
    const device = context.device();
    const client = device.requireClient();
    device.markRawSent();
    try {
      await context.waitingFor('the raw bytes to be written', client.sendRaw(bytes));
    } catch (error) {
      if (context.signal.aborted) throw context.signal.reason as Error;
      throw new StepFailure(`send-raw: ${(error as Error).message}`);
    }
    return { note: `${bytes.length} byte(s)` };
  },
});
