import type { NanoRpcRequest, NanoRpcResponse } from './messages.js';
import { varintSize } from './varint.js';
import { WIRE_LENGTH, WIRE_VARINT, WireReader } from './wire-reader.js';
import { int32Size, putInt32, putString, putUint32, utf8IfNotAscii } from './wire-writer.js';

/*
 * The envelope codec, written by hand for the two five-field messages of proto/nanorpc.proto.
 * It writes the bytes protoc writes: fields in number order, proto3 defaults left out, the
 * oneof member written whenever set (the wire vectors in core/test/protocol pin this). It reads
 * by the protocol's rules: any field order, unknown fields skipped, the last value of a scalar
 * wins, the last member of the oneof wins. The reflection codec it replaced (protobufjs) was
 * a tenth of a request's server time; `npm run bench` compares the two.
 */

// Tags: (field number << 3) | wire type.
const TAG_REQUEST_ID = 0x08; // 1, varint
const TAG_TYPE = 0x10; // 2, varint
const TAG_PATH_HASH = 0x18; // request 3, varint
const TAG_STATUS = 0x18; // response 3, varint
const TAG_STRING_4 = 0x22; // request path / response_message, 4, length-delimited
const TAG_DATA = 0x52; // 10, length-delimited

const EMPTY: Uint8Array = new Uint8Array(0);

/** Bytes of a length-delimited field with a one-byte tag. */
const delimitedSize = (length: number): number => 1 + varintSize(length) + length;

function requestBodySize(request: NanoRpcRequest, pathUtf8: Uint8Array | undefined): number {
  let size = 0;
  if (request.requestId !== 0) size += 1 + int32Size(request.requestId);
  if (request.requestType !== 0) size += 1 + int32Size(request.requestType);
  if (request.pathHash !== undefined) size += 1 + varintSize(request.pathHash >>> 0);
  else if (request.path !== undefined) {
    size += delimitedSize(pathUtf8 === undefined ? request.path.length : pathUtf8.length);
  }
  if (request.data.length > 0) size += delimitedSize(request.data.length);
  return size;
}

function writeRequestBody(
  out: Uint8Array,
  offset: number,
  request: NanoRpcRequest,
  pathUtf8: Uint8Array | undefined,
): void {
  if (request.requestId !== 0) {
    out[offset++] = TAG_REQUEST_ID;
    offset = putInt32(out, offset, request.requestId);
  }
  if (request.requestType !== 0) {
    out[offset++] = TAG_TYPE;
    offset = putInt32(out, offset, request.requestType);
  }
  if (request.pathHash !== undefined) {
    out[offset++] = TAG_PATH_HASH;
    offset = putUint32(out, offset, request.pathHash);
  } else if (request.path !== undefined) {
    const path = request.path;
    out[offset++] = TAG_STRING_4;
    offset = putUint32(out, offset, pathUtf8 === undefined ? path.length : pathUtf8.length);
    offset = putString(out, offset, path, pathUtf8);
  }
  const data = request.data;
  if (data.length > 0) {
    out[offset++] = TAG_DATA;
    offset = putUint32(out, offset, data.length);
    out.set(data, offset);
  }
}

function responseBodySize(response: NanoRpcResponse, messageUtf8: Uint8Array | undefined): number {
  let size = 0;
  if (response.requestId !== 0) size += 1 + int32Size(response.requestId);
  if (response.responseType !== 0) size += 1 + int32Size(response.responseType);
  if (response.responseStatus !== 0) size += 1 + int32Size(response.responseStatus);
  const message = response.responseMessage;
  if (message !== '') {
    size += delimitedSize(messageUtf8 === undefined ? message.length : messageUtf8.length);
  }
  if (response.data.length > 0) size += delimitedSize(response.data.length);
  return size;
}

function writeResponseBody(
  out: Uint8Array,
  offset: number,
  response: NanoRpcResponse,
  messageUtf8: Uint8Array | undefined,
): void {
  if (response.requestId !== 0) {
    out[offset++] = TAG_REQUEST_ID;
    offset = putInt32(out, offset, response.requestId);
  }
  if (response.responseType !== 0) {
    out[offset++] = TAG_TYPE;
    offset = putInt32(out, offset, response.responseType);
  }
  if (response.responseStatus !== 0) {
    out[offset++] = TAG_STATUS;
    offset = putInt32(out, offset, response.responseStatus);
  }
  const message = response.responseMessage;
  if (message !== '') {
    out[offset++] = TAG_STRING_4;
    offset = putUint32(
      out,
      offset,
      messageUtf8 === undefined ? message.length : messageUtf8.length,
    );
    offset = putString(out, offset, message, messageUtf8);
  }
  const data = response.data;
  if (data.length > 0) {
    out[offset++] = TAG_DATA;
    offset = putUint32(out, offset, data.length);
    out.set(data, offset);
  }
}

/** Body of a NanoRPCRequest, without the length prefix. */
export function encodeRequestBody(request: NanoRpcRequest): Uint8Array {
  const pathUtf8 = request.path === undefined ? undefined : utf8IfNotAscii(request.path);
  const out = new Uint8Array(requestBodySize(request, pathUtf8));
  writeRequestBody(out, 0, request, pathUtf8);
  return out;
}

/** A whole frame (length prefix and body) holding `request`: one allocation. */
export function encodeRequestFrame(request: NanoRpcRequest): Uint8Array {
  const pathUtf8 = request.path === undefined ? undefined : utf8IfNotAscii(request.path);
  const size = requestBodySize(request, pathUtf8);
  const out = new Uint8Array(varintSize(size) + size);
  writeRequestBody(out, putUint32(out, 0, size), request, pathUtf8);
  return out;
}

export function encodeResponseBody(response: NanoRpcResponse): Uint8Array {
  const messageUtf8 = utf8IfNotAscii(response.responseMessage);
  const out = new Uint8Array(responseBodySize(response, messageUtf8));
  writeResponseBody(out, 0, response, messageUtf8);
  return out;
}

export function encodeResponseFrame(response: NanoRpcResponse): Uint8Array {
  const messageUtf8 = utf8IfNotAscii(response.responseMessage);
  const size = responseBodySize(response, messageUtf8);
  const out = new Uint8Array(varintSize(size) + size);
  writeResponseBody(out, putUint32(out, 0, size), response, messageUtf8);
  return out;
}

/** Decodes a request body; `data` is a view on `body`. Throws FrameError ERR_MALFORMED_BODY. */
export function decodeRequest(body: Uint8Array): NanoRpcRequest {
  const reader = new WireReader(body, 'NanoRPCRequest');
  let requestId = 0;
  let requestType = 0;
  let pathHash: number | undefined;
  let path: string | undefined;
  let data = EMPTY;
  while (!reader.done) {
    const tag = reader.uint32();
    const wireType = tag & 7;
    const field = tag >>> 3;
    if (wireType === WIRE_VARINT && field <= 3) {
      const value = reader.uint32();
      if (field === 1) requestId = value | 0;
      else if (field === 2) requestType = value | 0;
      else if (field === 3) {
        pathHash = value;
        path = undefined;
      } else reader.fail('field number 0');
    } else if (wireType === WIRE_LENGTH && field === 4) {
      path = reader.string();
      pathHash = undefined;
    } else if (wireType === WIRE_LENGTH && field === 10) {
      data = reader.lengthDelimited();
    } else {
      if (field === 0) reader.fail('field number 0');
      reader.skip(wireType, field);
    }
  }
  const request: NanoRpcRequest = { requestId, requestType, data };
  if (pathHash !== undefined) request.pathHash = pathHash;
  else if (path !== undefined) request.path = path;
  return request;
}

/** Decodes a response body; `data` is a view on `body`. Throws FrameError ERR_MALFORMED_BODY. */
export function decodeResponse(body: Uint8Array): NanoRpcResponse {
  const reader = new WireReader(body, 'NanoRPCResponse');
  let requestId = 0;
  let responseType = 0;
  let responseStatus = 0;
  let responseMessage = '';
  let data = EMPTY;
  while (!reader.done) {
    const tag = reader.uint32();
    const wireType = tag & 7;
    const field = tag >>> 3;
    if (wireType === WIRE_VARINT && field >= 1 && field <= 3) {
      const value = reader.uint32() | 0;
      if (field === 1) requestId = value;
      else if (field === 2) responseType = value;
      else responseStatus = value;
    } else if (wireType === WIRE_LENGTH && field === 4) {
      responseMessage = reader.string();
    } else if (wireType === WIRE_LENGTH && field === 10) {
      data = reader.lengthDelimited();
    } else {
      if (field === 0) reader.fail('field number 0');
      reader.skip(wireType, field);
    }
  }
  return { requestId, responseType, responseStatus, responseMessage, data };
}
