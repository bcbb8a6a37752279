/**
 * Finds where frames end in a stream of whole NanoRPC frames (varint length, then body),
 * whatever the chunking. The fault layer uses it to count the frames a device has sent. It
 * reads only the device's own output, which the server encodes, so it does not police limits.
 */
export class FrameBoundaries {
  private prefixValue = 0;
  private prefixBytes = 0;
  /** Body bytes still to come, or -1 while reading a length prefix. */
  private remaining = -1;

  /** Feeds a chunk; returns the offsets just past each frame that ends in it. */
  push(chunk: Uint8Array): number[] {
    const ends: number[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining < 0) {
        const byte = chunk[offset++] as number;
        this.prefixValue += (byte & 0x7f) * 2 ** (7 * this.prefixBytes);
        this.prefixBytes++;
        if (byte & 0x80) continue;
        this.remaining = this.prefixValue;
        this.prefixValue = 0;
        this.prefixBytes = 0;
      } else {
        const take = Math.min(this.remaining, chunk.length - offset);
        offset += take;
        this.remaining -= take;
      }
      if (this.remaining === 0) {
        ends.push(offset);
        this.remaining = -1;
      }
    }
    return ends;
  }
}
