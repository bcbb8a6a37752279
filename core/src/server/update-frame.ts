import { encodeResponseBody, encodeResponseFrame } from '../protocol/codec.js';
import { ResponseType, Status } from '../protocol/messages.js';
import { varintSize, writeVarint } from '../protocol/varint.js';
import { int32Size } from '../protocol/wire-writer.js';

/** Tag byte of field 1 (request_id), wire type 0 (varint). */
const REQUEST_ID_TAG = 0x08;

/**
 * One published value, encoded once for all its subscribers: the TYPE_UPDATE body without its
 * request_id. The codec writes fields in number order and request_id is field 1, so
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
    // int32Size: a negative id is a 10-byte varint (varintSize takes unsigned values only).
    return id === 0 ? this.tail.length : 1 + int32Size(id) + this.tail.length;
  }

  /** The whole frame (length prefix included) for subscription `id`. */
  forId(id: number): Uint8Array {
    return this.forIds([id]);
  }

  /** The frames for subscriptions `ids`, one after the other in one buffer (one write). */
  forIds(ids: readonly number[]): Uint8Array {
    let size = 0;
    for (const id of ids) size += this.frameSize(id);
    const out = new Uint8Array(size);
    let offset = 0;
    for (const id of ids) offset = this.writeFrame(out, offset, id);
    return out;
  }

  private frameSize(id: number): number {
    // A negative int32 is a 10-byte varint: rare enough to leave to the codec.
    if (id < 0) return this.negativeIdFrame(id).length;
    const bodyLength = this.bodyLength(id);
    return varintSize(bodyLength) + bodyLength;
  }

  private writeFrame(out: Uint8Array, start: number, id: number): number {
    if (id < 0) {
      const frame = this.negativeIdFrame(id);
      out.set(frame, start);
      return start + frame.length;
    }
    let offset = writeVarint(out, start, this.bodyLength(id));
    if (id !== 0) {
      out[offset++] = REQUEST_ID_TAG;
      offset = writeVarint(out, offset, id);
    }
    out.set(this.tail, offset);
    return offset + this.tail.length;
  }

  private negativeIdFrame(id: number): Uint8Array {
    return encodeResponseFrame({
      requestId: id,
      responseType: ResponseType.Update,
      responseStatus: Status.Ok,
      responseMessage: '',
      data: this.data,
    });
  }
}
