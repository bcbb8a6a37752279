import fc from 'fast-check';
import { encodeResponseFrame, ResponseType, Status } from '@nanorpc-sim/core';
import { FrameBoundaries } from '../src/frame-boundaries.js';

describe('FrameBoundaries', () => {
  it('finds every frame end whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 10 }),
        (payloads, cuts) => {
          const frames = payloads.map((data, index) =>
            encodeResponseFrame({
              requestId: index,
              responseType: ResponseType.Response,
              responseStatus: Status.Ok,
              responseMessage: '',
              data,
            }),
          );
          const stream = Uint8Array.from(frames.flatMap((frame) => [...frame]));
          const expected: number[] = [];
          frames.reduce((end, frame) => {
            expected.push(end + frame.length);
            return end + frame.length;
          }, 0);

          const boundaries = new FrameBoundaries();
          const found: number[] = [];
          let offset = 0;
          let cut = 0;
          while (offset < stream.length) {
            const size = cuts[cut++ % cuts.length] as number;
            const chunk = stream.subarray(offset, offset + size);
            for (const end of boundaries.push(chunk)) found.push(offset + end);
            offset += chunk.length;
          }
          expect(found).toEqual(expected);
        },
      ),
    );
  });

  it('counts an empty frame (length 0) as a frame', () => {
    expect(new FrameBoundaries().push(Uint8Array.of(0, 0, 2, 1, 1))).toEqual([1, 2, 5]);
  });
});
