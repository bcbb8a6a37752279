import { encodeResponseBody, encodeResponseFrame } from '../protocol/codec.js';
import { ResponseType, Status } from '../protocol/messages.js';
import { varintSize, writeVarint } from '../protocol/varint.js';

/** Tag byte of field 1 (request_id), wire type 0 (varint). */
const REQUEST_ID_TAG = 0x08;

/**
 * One published value, encoded once for all its subscribers: the TYPE_UPDATE body without its
 * request_id. protobufjs writes fields in number order and request_id is field 1, so
 * "tag, id, then this tail" is byte for byte what encodeResponseFrame would give for each id.
 */
export class UpdateFrame {
  readonly data: Uint8Array;
  private readonly tail: Uint8Array;

  constructor(data: Uint8Array) {
    this.data = data;
    this.tail = encodeResponseBody({
      requestId: 0,
      responseType: ResponseType.Update,
      responseStatus: Status.Ok,
      responseMessage: '',
      data,
    });
  }

  /** Body length for subscription `id` (what the max frame size applies to). */
  bodyLength(id: number): number {
    return id === 0 ? this.tail.length : 1 + varintSize(id) + this.tail.length;
  }

  /** The whole frame (length prefix included) for subscription `id`. */
  forId(id: number): Uint8Array {
    if (id < 0) {
      // A negative int32 is a 10-byte varint: rare enough to leave to the codec.
      return encodeResponseFrame({
        requestId: id,
        responseType: ResponseType.Update,
        responseStatus: Status.Ok,
        responseMessage: '',
        data: this.data,
      });
    }
    const bodyLength = this.bodyLength(id);
    const frame = new Uint8Array(varintSize(bodyLength) + bodyLength);
    let offset = writeVarint(frame, 0, bodyLength);
    if (id !== 0) {
      frame[offset++] = REQUEST_ID_TAG;
      offset = writeVarint(frame, offset, id);
    }
    frame.set(this.tail, offset);
    return frame;
  }
}
