import { decodeRequest, decodeResponse } from '../../src/protocol/codec.js';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import { splitAt } from './byte-chunks.js';

/**
 * Everything thrown while `bytes`, cut at `cuts`, goes through a FrameDecoder and each body it
 * yields through both body decoders: what the receive path can raise on garbage.
 */
export function decodeFailures(
  bytes: Uint8Array,
  cuts: readonly number[],
  maxFrameSize: number,
): unknown[] {
  const failures: unknown[] = [];
  const decoder = new FrameDecoder(
    (body) => {
      for (const decode of [decodeRequest, decodeResponse]) {
        try {
          decode(body);
        } catch (error) {
          failures.push(error);
        }
      }
    },
    { maxFrameSize },
  );
  try {
    for (const chunk of splitAt(bytes, cuts)) decoder.push(chunk);
    decoder.end();
  } catch (error) {
    failures.push(error);
  }
  return failures;
}
