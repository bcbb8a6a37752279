import {
  decodeRequest,
  decodeResponse,
  requestTypeName,
  responseTypeName,
  statusName,
  type NanoRpcRequest,
  type NanoRpcResponse,
  MAX_LENGTH_PREFIX_BYTES,
  type TraceEvent,
} from '@nanorpc-sim/core';
import type { TraceRecord } from './run-report.js';

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * The body of a whole frame (`kind: 'frame'`): the bytes after the varint length prefix. Throws
 * an Error saying what is wrong when the prefix does not describe the bytes that follow.
 */
export function bodyOfFrame(frame: Uint8Array): Uint8Array {
  let length = 0;
  for (let i = 0; i < frame.length && i < MAX_LENGTH_PREFIX_BYTES; i++) {
    const byte = frame[i] as number;
    length += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) {
      const body = frame.subarray(i + 1);
      if (body.length !== length) {
        throw new Error(`length prefix says ${length} bytes but ${body.length} follow`);
      }
      return body;
    }
  }
  throw new Error('no complete length prefix');
}

export function describeRequest(request: NanoRpcRequest): Record<string, unknown> {
  const decoded: Record<string, unknown> = {
    requestId: request.requestId,
    requestType: requestTypeName(request.requestType),
  };
  if (request.path !== undefined) decoded['path'] = request.path;
  if (request.pathHash !== undefined) decoded['pathHash'] = request.pathHash;
  decoded['data'] = toHex(request.data);
  return decoded;
}

export function describeResponse(response: NanoRpcResponse): Record<string, unknown> {
  const decoded: Record<string, unknown> = {
    requestId: response.requestId,
    responseType: responseTypeName(response.responseType),
    responseStatus: statusName(response.responseStatus),
  };
  if (response.responseMessage !== '') decoded['responseMessage'] = response.responseMessage;
  decoded['data'] = toHex(response.data);
  return decoded;
}

/**
 * What the trace writer keeps of one frame event: the bytes as hex and, for frames and bodies,
 * the envelope decoded for people. What goes from client to server is a NanoRPCRequest (client
 * tx, server rx), the rest a NanoRPCResponse. Raw bytes and frame errors are not decoded, and a
 * frame that does not decode gets a note instead: a trace must record bad input, not fail on it.
 */
export function traceRecordFromEvent(
  event: TraceEvent,
  scenario: string,
  seq: number,
): TraceRecord {
  const record: TraceRecord = {
    seq,
    time: event.time,
    scenario,
    link: event.link,
    role: event.role,
    direction: event.direction,
    kind: event.kind,
    hex: toHex(event.bytes),
  };
  const notes: string[] = event.note === undefined ? [] : [event.note];
  if (event.kind === 'frame' || event.kind === 'body') {
    const isRequest = (event.role === 'client') === (event.direction === 'tx');
    try {
      const body = event.kind === 'frame' ? bodyOfFrame(event.bytes) : event.bytes;
      record.decoded = isRequest
        ? describeRequest(decodeRequest(body))
        : describeResponse(decodeResponse(body));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      notes.push(`cannot decode ${isRequest ? 'NanoRPCRequest' : 'NanoRPCResponse'}: ${reason}`);
    }
  }
  if (notes.length > 0) record.note = notes.join('; ');
  return record;
}
