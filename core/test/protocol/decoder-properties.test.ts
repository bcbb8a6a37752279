import fc from 'fast-check';
import { NanoRpcError } from '../../src/errors/nanorpc-error.js';
import {
  decodeRequest,
  decodeResponse,
  encodeRequestBody,
  encodeRequestFrame,
  encodeResponseBody,
  encodeResponseFrame,
} from '../../src/protocol/codec.js';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import { FrameError } from '../../src/protocol/frame-errors.js';
import type { NanoRpcRequest, NanoRpcResponse } from '../../src/protocol/messages.js';
import { varintSize, writeVarint } from '../../src/protocol/varint.js';
import { concatBytes, splitAt } from '../support/byte-chunks.js';
import { decodeFailures } from '../support/decode-failures.js';
import { int32, requestArbitrary, responseArbitrary } from '../support/envelope-arbitraries.js';
import { hex } from './wire-vectors.js';

/*
 * Properties of the receive path (issue 13, item 2) beyond frame-decoder.test.ts: chunking
 * never changes the outcome (frames and error), nothing but typed errors escape, every
 * envelope round-trips, and the decoder's memory is bounded by maxFrameSize whatever the
 * length prefixes claim.
 */

/** What a decoder made of a stream: the bodies, then the error that stopped it (if any). */
interface Outcome {
  bodies: string[];
  error: string | undefined;
}

function encodeVarint(value: number): Uint8Array {
  const bytes = new Uint8Array(varintSize(value));
  writeVarint(bytes, 0, value);
  return bytes;
}

/** Feeds the chunks as a stream session does: stop at the first error, end() at the end. */
function decodeStream(chunks: readonly Uint8Array[], maxFrameSize: number): Outcome {
  const bodies: string[] = [];
  const decoder = new FrameDecoder((body) => bodies.push(hex(body)), { maxFrameSize });
  try {
    for (const chunk of chunks) decoder.push(chunk);
    decoder.end();
    return { bodies, error: undefined };
  } catch (error) {
    if (!(error instanceof FrameError)) throw error;
    return { bodies, error: error.code };
  }
}

/** Streams that mix valid frames with garbage and oversize or overlong prefixes. */
const streamPart = fc.oneof(
  fc
    .uint8Array({ maxLength: 40 })
    .map((body) => new Uint8Array([...encodeVarint(body.length), ...body])),
  fc.uint8Array({ maxLength: 12 }),
  fc.integer({ min: 0, max: 0xffffffff }).map((length) => encodeVarint(length)),
  fc.constant(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0x01)),
);
const stream = fc.array(streamPart, { maxLength: 12 }).map((parts) => concatBytes(parts));

describe('FrameDecoder: chunking never changes the outcome', () => {
  test('property: any split yields the same frames and the same error as one piece', () => {
    fc.assert(
      fc.property(
        stream,
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.integer({ min: 1, max: 64 }),
        (bytes, cuts, maxFrameSize) => {
          const whole = decodeStream([bytes], maxFrameSize);
          const split = decodeStream(splitAt(bytes, cuts), maxFrameSize);
          expect(split).toEqual(whole);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('property: one byte at a time yields the same as one piece', () => {
    fc.assert(
      fc.property(stream, (bytes) => {
        const bytewise = [...bytes].map((byte) => Uint8Array.of(byte));
        expect(decodeStream(bytewise, 32)).toEqual(decodeStream([bytes], 32));
      }),
      { numRuns: 300 },
    );
  });
});

describe('random bytes only ever raise typed errors', () => {
  test('property: decoder and both body decoders throw nothing but a NanoRpcError with a code', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.array(fc.nat()), (bytes, cuts) => {
        const failures = decodeFailures(bytes, cuts, 256);
        for (const failure of failures) {
          expect(failure).toBeInstanceOf(NanoRpcError);
          expect((failure as NanoRpcError).code).toMatch(/^ERR_[A-Z_]+$/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  test('property: random bodies decode or fail with ERR_MALFORMED_BODY', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (body) => {
        for (const decode of [decodeRequest, decodeResponse]) {
          try {
            decode(body);
          } catch (error) {
            expect(error).toBeInstanceOf(FrameError);
            expect((error as FrameError).code).toBe('ERR_MALFORMED_BODY');
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

// Every field over its whole wire range: unknown enum values are kept as received.
const text = fc.string({ unit: 'grapheme', maxLength: 60 });
const anyRequest = requestArbitrary({
  requestType: int32,
  path: text,
  data: fc.uint8Array({ maxLength: 300 }),
});
const anyResponse = responseArbitrary({
  responseType: int32,
  responseStatus: int32,
  responseMessage: text,
  data: fc.uint8Array({ maxLength: 300 }),
});

describe('every envelope round-trips', () => {
  test('property: request body and frame', () => {
    fc.assert(
      fc.property(anyRequest, (request) => {
        expect(decodeRequest(encodeRequestBody(request))).toEqual(request);
        const frames: NanoRpcRequest[] = [];
        new FrameDecoder((body) => frames.push(decodeRequest(body)), {
          maxFrameSize: 0xffffffff,
        }).push(encodeRequestFrame(request));
        expect(frames).toEqual([request]);
      }),
      { numRuns: 1000 },
    );
  });

  test('property: response body and frame', () => {
    fc.assert(
      fc.property(anyResponse, (response) => {
        expect(decodeResponse(encodeResponseBody(response))).toEqual(response);
        const frames: NanoRpcResponse[] = [];
        new FrameDecoder((body) => frames.push(decodeResponse(body)), {
          maxFrameSize: 0xffffffff,
        }).push(encodeResponseFrame(response));
        expect(frames).toEqual([response]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('FrameDecoder memory stays bounded', () => {
  test('property: huge length prefixes never make it hold more than maxFrameSize', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ maxLength: 64 })),
          { minLength: 1, maxLength: 8 },
        ),
        fc.integer({ min: 1, max: 4096 }),
        (frames, maxFrameSize) => {
          const decoder = new FrameDecoder(() => undefined, { maxFrameSize });
          let peak = 0;
          for (const [length, body] of frames) {
            for (const chunk of [encodeVarint(length), body]) {
              try {
                decoder.push(chunk);
              } catch (error) {
                expect(error).toBeInstanceOf(FrameError);
                // Refused before any allocation: only the prefix bytes are held.
                expect(decoder.retainedBytes).toBeLessThanOrEqual(5);
                decoder.reset();
              }
              peak = Math.max(peak, decoder.retainedBytes);
            }
          }
          expect(peak).toBeLessThanOrEqual(maxFrameSize + 5);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('a 4 GiB prefix is refused with nothing allocated', () => {
    const decoder = new FrameDecoder(() => undefined);
    expect(() => decoder.push(encodeVarint(0xffffffff))).toThrow(FrameError);
    expect(decoder.retainedBytes).toBeLessThanOrEqual(5);
  });

  test('a split body holds exactly its declared size, released when it completes', () => {
    const decoder = new FrameDecoder(() => undefined, { maxFrameSize: 1000 });
    decoder.push(Uint8Array.of(...encodeVarint(1000), 1, 2, 3));
    expect(decoder.retainedBytes).toBe(1000 + 2);
    decoder.push(new Uint8Array(997));
    expect(decoder.retainedBytes).toBe(0);
  });
});
