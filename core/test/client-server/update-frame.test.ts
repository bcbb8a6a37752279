import fc from 'fast-check';
import { encodeResponseBody, encodeResponseFrame } from '../../src/protocol/codec.js';
import { ResponseType, Status } from '../../src/protocol/messages.js';
import { UpdateFrame } from '../../src/server/update-frame.js';

describe('UpdateFrame', () => {
  it('gives the same bytes as the codec for every id (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.uint8Array({ maxLength: 300 }),
        (id, data) => {
          const expected = encodeResponseFrame({
            requestId: id,
            responseType: ResponseType.Update,
            responseStatus: Status.Ok,
            responseMessage: '',
            data,
          });
          expect(new UpdateFrame(data).forId(id)).toEqual(expected);
        },
      ),
    );
  });

  it('gives the body length the codec gives, negative (10-byte varint) ids included', () => {
    const data = new Uint8Array(20);
    for (const id of [0, 1, 300, 2 ** 31 - 1, -1, -(2 ** 31)]) {
      const expected = encodeResponseBody({
        requestId: id,
        responseType: ResponseType.Update,
        responseStatus: Status.Ok,
        responseMessage: '',
        data,
      }).length;
      expect([id, new UpdateFrame(data).bodyLength(id)]).toEqual([id, expected]);
    }
  });
});
