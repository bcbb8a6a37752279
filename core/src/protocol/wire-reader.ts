import { FrameError } from './frame-errors.js';

/*
 * The protobuf wire format as far as the NanoRPC envelope needs it: varints, length-delimited
 * fields, and skipping the fields it does not know (every wire type, groups included), with a
 * FrameError ERR_MALFORMED_BODY for anything truncated or invalid.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

const textDecoder = new TextDecoder();

/** A cursor over one message body; `data` fields come out as views on it, not copies. */
export class WireReader {
  readonly bytes: Uint8Array;
  pos = 0;
  private readonly message: string;

  constructor(bytes: Uint8Array, message: string) {
    this.bytes = bytes;
    this.message = message;
  }

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  fail(reason: string): never {
    throw new FrameError('ERR_MALFORMED_BODY', `cannot decode ${this.message}: ${reason}`);
  }

  /** A varint's low 32 bits, unsigned (int32 fields take `| 0`, as protoc's readers do). */
  uint32(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    let byte = bytes[pos++] ?? this.truncated();
    // The common case, one byte, first and cheapest.
    if (byte < 0x80) {
      this.pos = pos;
      return byte;
    }
    let value = byte & 0x7f;
    let shift = 7;
    for (;;) {
      byte = bytes[pos++] ?? this.truncated();
      if (shift < 32) value |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
      shift += 7;
      // Ten bytes is the longest varint (a negative int64).
      if (shift >= 70) this.fail('varint longer than 10 bytes');
    }
    this.pos = pos;
    return value >>> 0;
  }

  /** A length-delimited field's bytes, as a view. */
  lengthDelimited(): Uint8Array {
    const length = this.uint32();
    const start = this.pos;
    const end = start + length;
    if (end > this.bytes.length) this.fail(`a length of ${length} runs past the end`);
    this.pos = end;
    return this.bytes.subarray(start, end);
  }

  string(): string {
    const view = this.lengthDelimited();
    // Short ASCII paths and messages are the rule: skip the decoder's call overhead for them.
    if (view.length <= 64) {
      let ascii = true;
      for (let i = 0; i < view.length; i++) {
        if ((view[i] as number) >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) return String.fromCharCode.apply(null, view as unknown as number[]);
    }
    return textDecoder.decode(view);
  }

  /** Skips the value of a field we do not read. */
  skip(wireType: number, fieldNumber: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.uint32();
        return;
      case WIRE_FIXED64:
        this.advance(8);
        return;
      case WIRE_LENGTH:
        this.lengthDelimited();
        return;
      case WIRE_START_GROUP:
        this.skipGroup(fieldNumber);
        return;
      case WIRE_FIXED32:
        this.advance(4);
        return;
      default:
        this.fail(`invalid wire type ${wireType} at offset ${this.pos}`);
    }
  }

  private skipGroup(fieldNumber: number): void {
    // The open groups on a stack of our own, not the call stack: a frame of groups nested
    // thousands deep would otherwise end in a RangeError instead of being read.
    const open = [fieldNumber];
    while (open.length > 0) {
      const current = open[open.length - 1] as number;
      if (this.done) this.fail(`group ${current} has no end`);
      const tag = this.uint32();
      const wireType = tag & 7;
      if (wireType === WIRE_END_GROUP) {
        if (tag >>> 3 !== current) this.fail(`group ${current} ends as ${tag >>> 3}`);
        open.pop();
      } else if (wireType === WIRE_START_GROUP) {
        open.push(tag >>> 3);
      } else {
        this.skip(wireType, tag >>> 3);
      }
    }
  }

  private advance(count: number): void {
    if (this.pos + count > this.bytes.length) this.truncated();
    this.pos += count;
  }

  private truncated(): never {
    return this.fail('truncated');
  }
}
