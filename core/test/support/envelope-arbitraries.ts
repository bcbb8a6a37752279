import fc from 'fast-check';
import type { NanoRpcRequest, NanoRpcResponse } from '../../src/protocol/messages.js';

/** Any protobuf int32. */
export const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });

/**
 * Requests whose fields come from `fields`; each names its path by hash, by string or not at
 * all, never both (as senders do, so a round trip gives back the same object).
 */
export function requestArbitrary(fields: {
  requestType: fc.Arbitrary<number>;
  path: fc.Arbitrary<string>;
  data: fc.Arbitrary<Uint8Array>;
}): fc.Arbitrary<NanoRpcRequest> {
  return fc
    .record({
      requestId: int32,
      requestType: fields.requestType,
      path: fc.option(fields.path, { nil: undefined }),
      pathHash: fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: undefined }),
      data: fields.data,
    })
    .map(({ path, pathHash, ...rest }) => {
      const request: NanoRpcRequest = { ...rest };
      if (pathHash !== undefined) request.pathHash = pathHash;
      else if (path !== undefined) request.path = path;
      return request;
    });
}

/** Responses to any request id, with the other fields from `fields`. */
export function responseArbitrary(fields: {
  responseType: fc.Arbitrary<number>;
  responseStatus: fc.Arbitrary<number>;
  responseMessage: fc.Arbitrary<string>;
  data: fc.Arbitrary<Uint8Array>;
}): fc.Arbitrary<NanoRpcResponse> {
  return fc.record({ requestId: int32, ...fields });
}
