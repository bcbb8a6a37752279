import fc from 'fast-check';
import { encodeResponseFrame } from '../../src/protocol/codec.js';
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
});
