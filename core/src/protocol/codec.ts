import protobuf from 'protobufjs';
import { FrameError } from './frame-errors.js';
import type { NanoRpcRequest, NanoRpcResponse } from './messages.js';
import { loadNanoRpcSchema } from './proto-loader.js';

/*
 * The envelope codec. protobufjs reflection generates the encoder and decoder from the schema
 * at start-up; `npm run bench` compares it with pbjs's static code (see README, "Codec").
 * protobufjs's decoder already follows the rules of the protocol: any field order, unknown
 * fields skipped, the last value of a scalar wins, and the last member of the oneof wins.
 */
const schema = loadNanoRpcSchema();
const RequestMessage = schema.lookupType('NanoRPCRequest');
const ResponseMessage = schema.lookupType('NanoRPCResponse');

const EMPTY = new Uint8Array(0);

/** protobufjs leaves absent bytes fields as the prototype default, an empty Array. */
function bytesOrEmpty(value: unknown): Uint8Array {
  return value instanceof Uint8Array ? value : EMPTY;
}

function encodeFrame(type: protobuf.Type, message: object): Uint8Array {
  // encodeDelimited writes the varint length then the body; finish() allocates once.
  return type.encodeDelimited(message).finish();
}

/**
 * proto3 fields without presence are not written when they hold their default value (what
 * protoc does); protobufjs writes every own property, so defaults are left out here.
 */
function requestFields(request: NanoRpcRequest): object {
  const fields: Record<string, unknown> = {};
  if (request.requestId !== 0) fields['requestId'] = request.requestId;
  if (request.requestType !== 0) fields['requestType'] = request.requestType;
  if (request.pathHash !== undefined) fields['pathHash'] = request.pathHash;
  else if (request.path !== undefined) fields['path'] = request.path;
  if (request.data.length > 0) fields['data'] = request.data;
  return fields;
}

function responseFields(response: NanoRpcResponse): object {
  const fields: Record<string, unknown> = {};
  if (response.requestId !== 0) fields['requestId'] = response.requestId;
  if (response.responseType !== 0) fields['responseType'] = response.responseType;
  if (response.responseStatus !== 0) fields['responseStatus'] = response.responseStatus;
  if (response.responseMessage !== '') fields['responseMessage'] = response.responseMessage;
  if (response.data.length > 0) fields['data'] = response.data;
  return fields;
}

function decodeBody<T>(
  type: protobuf.Type,
  body: Uint8Array,
  toPlain: (m: protobuf.Message) => T,
): T {
  try {
    return toPlain(type.decode(body));
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new FrameError('ERR_MALFORMED_BODY', `cannot decode ${type.name}: ${reason}`, { cause });
  }
}

/** Body of a NanoRPCRequest, without the length prefix. */
export function encodeRequestBody(request: NanoRpcRequest): Uint8Array {
  return RequestMessage.encode(requestFields(request)).finish();
}

/** A whole frame (length prefix and body) holding `request`. */
export function encodeRequestFrame(request: NanoRpcRequest): Uint8Array {
  return encodeFrame(RequestMessage, requestFields(request));
}

export function encodeResponseBody(response: NanoRpcResponse): Uint8Array {
  return ResponseMessage.encode(responseFields(response)).finish();
}

export function encodeResponseFrame(response: NanoRpcResponse): Uint8Array {
  return encodeFrame(ResponseMessage, responseFields(response));
}

/** Decodes a request body; `data` is a view on `body`. Throws FrameError ERR_MALFORMED_BODY. */
export function decodeRequest(body: Uint8Array): NanoRpcRequest {
  return decodeBody(RequestMessage, body, (m) => {
    const fields = m as unknown as Record<string, unknown>;
    const request: NanoRpcRequest = {
      requestId: fields['requestId'] as number,
      requestType: fields['requestType'] as number,
      data: bytesOrEmpty(fields['data']),
    };
    if (fields['pathOneof'] === 'pathHash') request.pathHash = fields['pathHash'] as number;
    else if (fields['pathOneof'] === 'path') request.path = fields['path'] as string;
    return request;
  });
}

/** Decodes a response body; `data` is a view on `body`. Throws FrameError ERR_MALFORMED_BODY. */
export function decodeResponse(body: Uint8Array): NanoRpcResponse {
  return decodeBody(ResponseMessage, body, (m) => {
    const fields = m as unknown as Record<string, unknown>;
    return {
      requestId: fields['requestId'] as number,
      responseType: fields['responseType'] as number,
      responseStatus: fields['responseStatus'] as number,
      responseMessage: fields['responseMessage'] as string,
      data: bytesOrEmpty(fields['data']),
    };
  });
}
