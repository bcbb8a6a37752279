import fc from 'fast-check';
import {
  decodeRequest,
  decodeResponse,
  encodeRequestFrame,
  encodeResponseFrame,
} from '../../src/protocol/codec.js';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import { FrameError } from '../../src/protocol/frame-errors.js';
import type { NanoRpcRequest, NanoRpcResponse } from '../../src/protocol/messages.js';
import { concatBytes, splitAt } from '../support/byte-chunks.js';
import { decodeFailures } from '../support/decode-failures.js';
import { requestArbitrary, responseArbitrary } from '../support/envelope-arbitraries.js';
import { fromHex, hex, wireVectors } from './wire-vectors.js';

function collect(options?: { maxFrameSize?: number }): { decoder: FrameDecoder; bodies: string[] } {
  const bodies: string[] = [];
  const decoder = new FrameDecoder((body) => bodies.push(hex(body)), options);
  return { decoder, bodies };
}

function frameErrorOf(action: () => void): FrameError {
  try {
    action();
  } catch (error) {
    if (error instanceof FrameError) return error;
    throw new Error(`expected a FrameError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a FrameError, nothing was thrown');
}

const allFrames = concatBytes(wireVectors.frames.map((v) => fromHex(v.frame_hex)));
const allBodies = wireVectors.frames.map((v) => v.body_hex);

describe('FrameDecoder chunking', () => {
  test('every vector frame in one chunk', () => {
    const { decoder, bodies } = collect();
    decoder.push(allFrames);
    expect(bodies).toEqual(allBodies);
    expect(decoder.idle).toBe(true);
  });

  test('one byte at a time', () => {
    const { decoder, bodies } = collect();
    for (const byte of allFrames) decoder.push(Uint8Array.of(byte));
    expect(bodies).toEqual(allBodies);
  });

  test('a body inside one chunk is a view, not a copy', () => {
    const seen: Uint8Array[] = [];
    const decoder = new FrameDecoder((body) => seen.push(body));
    decoder.push(allFrames);
    for (const body of seen) expect(body.buffer).toBe(allFrames.buffer);
  });

  test('an empty body is a frame', () => {
    const { decoder, bodies } = collect();
    decoder.push(Uint8Array.of(0x00, 0x00));
    expect(bodies).toEqual(['', '']);
  });

  test('tracks buffered bytes of a partial frame', () => {
    const { decoder } = collect();
    decoder.push(fromHex('0508'));
    expect(decoder.bufferedBytes).toBe(2);
    decoder.reset();
    expect(decoder.idle).toBe(true);
  });

  test('property: any split of a stream of vector frames gives the same bodies', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(allFrames.length), { maxLength: 40 }), (cuts) => {
        const { decoder, bodies } = collect();
        for (const chunk of splitAt(allFrames, cuts)) decoder.push(chunk);
        expect(bodies).toEqual(allBodies);
      }),
    );
  });
});

describe('FrameDecoder malformed input', () => {
  test('a 6-byte length varint is ERR_VARINT_TOO_LONG', () => {
    const { decoder } = collect();
    expect(frameErrorOf(() => decoder.push(fromHex('808080808001'))).code).toBe(
      'ERR_VARINT_TOO_LONG',
    );
  });

  test('a 5-byte varint above 32 bits is refused', () => {
    const { decoder } = collect({ maxFrameSize: 0xffffffff });
    expect(frameErrorOf(() => decoder.push(fromHex('ffffffff1f'))).code).toBe(
      'ERR_FRAME_TOO_LARGE',
    );
  });

  test('a length above the maximum is refused before any body byte arrives', () => {
    const { decoder } = collect({ maxFrameSize: 100 });
    const error = frameErrorOf(() => decoder.push(fromHex('e807'))); // 1000
    expect(error.code).toBe('ERR_FRAME_TOO_LARGE');
    expect(error.message).toContain('1000');
    expect(error.message).toContain('100');
  });

  test('the default maximum is 64 KiB', () => {
    const { decoder } = collect();
    expect(() => decoder.push(fromHex('808004'))).not.toThrow(); // 65536 exactly
    const { decoder: other } = collect();
    expect(frameErrorOf(() => other.push(fromHex('818004'))).code).toBe('ERR_FRAME_TOO_LARGE');
  });

  test('frames before a bad prefix in the same chunk are delivered', () => {
    const { decoder, bodies } = collect({ maxFrameSize: 16 });
    const ping = wireVectors.frames[0];
    expect(ping).toBeDefined();
    expect(() => decoder.push(fromHex(`${ping?.frame_hex}ff01`))).toThrow(FrameError);
    expect(bodies).toEqual([ping?.body_hex]);
  });

  test('after an error the decoder refuses input until reset (resync)', () => {
    const { decoder, bodies } = collect({ maxFrameSize: 16 });
    expect(() => decoder.push(fromHex('ff01'))).toThrow(FrameError);
    expect(() => decoder.push(fromHex('0408011001'))).toThrow(FrameError);
    decoder.reset();
    decoder.push(fromHex('0408011001'));
    expect(bodies).toEqual(['08011001']);
  });

  test('a stream ending inside a length varint is ERR_TRUNCATED_FRAME', () => {
    const { decoder } = collect();
    decoder.push(fromHex('80'));
    expect(frameErrorOf(() => decoder.end()).code).toBe('ERR_TRUNCATED_FRAME');
  });

  test('a stream ending inside a body is ERR_TRUNCATED_FRAME naming the sizes', () => {
    const { decoder } = collect();
    decoder.push(fromHex('0a0801'));
    const error = frameErrorOf(() => decoder.end());
    expect(error.code).toBe('ERR_TRUNCATED_FRAME');
    expect(error.message).toContain('10-byte body');
  });

  test('maxFrameSize is validated', () => {
    expect(() => new FrameDecoder(() => undefined, { maxFrameSize: 0 })).toThrow(RangeError);
  });

  test('property: arbitrary bytes only ever give bodies or a FrameError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(300)), (bytes, cuts) => {
        // Bodies may be garbage: decoding them must fail only with FrameError too.
        for (const failure of decodeFailures(bytes, cuts, 128))
          expect(failure).toBeInstanceOf(FrameError);
      }),
      { numRuns: 500 },
    );
  });
});

const requestArb = requestArbitrary({
  requestType: fc.integer({ min: 0, max: 3 }),
  path: fc.string({ maxLength: 50 }),
  data: fc.uint8Array({ maxLength: 2000 }),
});
const responseArb = responseArbitrary({
  responseType: fc.integer({ min: 0, max: 3 }),
  responseStatus: fc.integer({ min: 0, max: 4 }),
  responseMessage: fc.string({ maxLength: 100 }),
  data: fc.uint8Array({ maxLength: 2000 }),
});

describe('round trips', () => {
  test('property: requests survive encode, arbitrary chunking and decode', () => {
    fc.assert(
      fc.property(
        fc.array(requestArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat()),
        (requests, cuts) => {
          const decoded: NanoRpcRequest[] = [];
          const decoder = new FrameDecoder((body) => decoded.push(decodeRequest(body)));
          for (const chunk of splitAt(concatBytes(requests.map(encodeRequestFrame)), cuts))
            decoder.push(chunk);
          expect(decoded).toEqual(requests);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('property: responses survive encode, arbitrary chunking and decode', () => {
    fc.assert(
      fc.property(
        fc.array(responseArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat()),
        (responses, cuts) => {
          const decoded: NanoRpcResponse[] = [];
          const decoder = new FrameDecoder((body) => decoded.push(decodeResponse(body)));
          for (const chunk of splitAt(concatBytes(responses.map(encodeResponseFrame)), cuts))
            decoder.push(chunk);
          expect(decoded).toEqual(responses);
        },
      ),
      { numRuns: 300 },
    );
  });
});
