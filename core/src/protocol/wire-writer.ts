/*
 * Writing the protobuf wire format into a buffer sized in advance: the envelope encoder first
 * adds up the bytes, allocates once, then writes (no growable writer, no final copy).
 */

const textEncoder = new TextEncoder();

/** Bytes of a varint holding an int32 field's value: a negative one is ten bytes, as protoc. */
export function int32Size(value: number): number {
  if (value < 0) return 10;
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

/** The UTF-8 bytes of `text`, or undefined when it is ASCII (its length is then its size). */
export function utf8IfNotAscii(text: string): Uint8Array | undefined {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) return textEncoder.encode(text);
  }
  return undefined;
}

/** Writes an unsigned 32-bit varint; returns the offset after it. */
export function putUint32(target: Uint8Array, offset: number, value: number): number {
  let rest = value >>> 0;
  while (rest >= 0x80) {
    target[offset++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  target[offset++] = rest;
  return offset;
}

/** Writes an int32 field's varint: negative values sign-extended to ten bytes. */
export function putInt32(target: Uint8Array, offset: number, value: number): number {
  if (value >= 0) return putUint32(target, offset, value);
  let low = value >>> 0;
  for (let i = 0; i < 4; i++) {
    target[offset++] = (low & 0x7f) | 0x80;
    low >>>= 7;
  }
  // Byte 5 holds bit 28-31 and ones above; bytes 6-9 are all ones; byte 10 is 0x01.
  target[offset++] = (low & 0x0f) | 0xf0;
  for (let i = 0; i < 4; i++) target[offset++] = 0xff;
  target[offset++] = 0x01;
  return offset;
}

/** Writes an ASCII string (its `utf8` undefined) or the given UTF-8 bytes. */
export function putString(
  target: Uint8Array,
  offset: number,
  text: string,
  utf8: Uint8Array | undefined,
): number {
  if (utf8 !== undefined) {
    target.set(utf8, offset);
    return offset + utf8.length;
  }
  for (let i = 0; i < text.length; i++) target[offset++] = text.charCodeAt(i);
  return offset;
}
