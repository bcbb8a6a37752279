/** A frame's length prefix is a protobuf varint of at most 5 bytes (a uint32). */
export const MAX_LENGTH_PREFIX_BYTES = 5;

/** Number of bytes the varint encoding of `value` (an unsigned 32-bit integer) takes. */
export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

/** Writes `value` as a varint at `offset`; returns the offset after it. */
export function writeVarint(target: Uint8Array, offset: number, value: number): number {
  let remaining = value >>> 0;
  while (remaining >= 0x80) {
    target[offset++] = (remaining & 0x7f) | 0x80;
    remaining >>>= 7;
  }
  target[offset++] = remaining;
  return offset;
}
