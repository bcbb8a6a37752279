import { FrameError } from './frame-errors.js';
import { MAX_LENGTH_PREFIX_BYTES } from './varint.js';

/** Harness default; the reference server's practical limit is the same 64 KiB. */
export const DEFAULT_MAX_FRAME_SIZE = 64 * 1024;

export interface FrameDecoderOptions {
  /** Largest body accepted, in bytes. A larger length prefix is refused before any allocation. */
  maxFrameSize?: number;
}

/**
 * Splits a byte stream into frame bodies, whatever the chunking: one byte at a time or many
 * frames per chunk. A body that lies within one chunk is handed out as a view on that chunk
 * (no copy); only a body split across chunks is assembled into a buffer of exactly its size.
 *
 * After a FrameError the decoder refuses further input until `reset()`: a stream session ends,
 * a serial session resets it and resynchronises.
 */
export class FrameDecoder {
  readonly maxFrameSize: number;
  private readonly onFrame: (body: Uint8Array) => void;

  /** Length prefix read so far (when `bodyLength` is still unknown). */
  private prefixValue = 0;
  private prefixBytes = 0;
  /** Length of the body being assembled, or -1 while reading the prefix. */
  private bodyLength = -1;
  /** Body bytes gathered across chunks. */
  private partialBody: Uint8Array | null = null;
  private partialFilled = 0;
  private failed: FrameError | null = null;

  constructor(onFrame: (body: Uint8Array) => void, options: FrameDecoderOptions = {}) {
    const maxFrameSize = options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
    if (!Number.isInteger(maxFrameSize) || maxFrameSize < 1 || maxFrameSize > 0xffffffff) {
      throw new RangeError(`maxFrameSize must be an integer from 1 to 2^32-1, got ${maxFrameSize}`);
    }
    this.maxFrameSize = maxFrameSize;
    this.onFrame = onFrame;
  }

  /** Bytes received that do not yet form a whole frame. */
  get bufferedBytes(): number {
    if (this.bodyLength < 0) return this.prefixBytes;
    return this.prefixBytes + this.partialFilled;
  }

  /**
   * Bytes of memory the decoder holds now: the body buffer of a frame split across chunks
   * (allocated at its declared size, never above maxFrameSize) plus the prefix bytes read.
   */
  get retainedBytes(): number {
    return (this.partialBody?.byteLength ?? 0) + this.prefixBytes;
  }

  /** True between frames: nothing partial is held. */
  get idle(): boolean {
    return this.bufferedBytes === 0;
  }

  /**
   * Feeds a chunk. Calls `onFrame` for each complete body, in order; throws FrameError at the
   * first invalid length prefix (frames before it in the chunk have been delivered).
   */
  push(chunk: Uint8Array): void {
    if (this.failed) throw this.failed;
    let offset = 0;
    while (offset < chunk.length) {
      if (this.bodyLength < 0) {
        offset = this.readPrefix(chunk, offset);
        if (this.bodyLength < 0) return;
        if (this.bodyLength === 0) {
          this.deliver(chunk.subarray(offset, offset));
          continue;
        }
      }
      const needed = this.bodyLength - this.partialFilled;
      const available = chunk.length - offset;
      if (this.partialBody === null && available >= needed) {
        // Zero-copy path: the whole body is inside this chunk.
        this.deliver(chunk.subarray(offset, offset + needed));
        offset += needed;
        continue;
      }
      this.partialBody ??= new Uint8Array(this.bodyLength);
      const take = Math.min(needed, available);
      this.partialBody.set(chunk.subarray(offset, offset + take), this.partialFilled);
      this.partialFilled += take;
      offset += take;
      if (this.partialFilled === this.bodyLength) this.deliver(this.partialBody);
    }
  }

  /** Called at end of stream: a partial frame left over is a truncated frame. */
  end(): void {
    if (this.failed || this.idle) return;
    const buffered = this.bufferedBytes;
    const expected = this.bodyLength < 0 ? 'a length prefix' : `a ${this.bodyLength}-byte body`;
    this.reset();
    throw new FrameError(
      'ERR_TRUNCATED_FRAME',
      `stream ended inside a frame: ${buffered} byte(s) of ${expected} received`,
    );
  }

  /** Drops any partial frame and clears a previous error (serial resync). */
  reset(): void {
    this.prefixValue = 0;
    this.prefixBytes = 0;
    this.bodyLength = -1;
    this.partialBody = null;
    this.partialFilled = 0;
    this.failed = null;
  }

  private readPrefix(chunk: Uint8Array, start: number): number {
    let offset = start;
    while (offset < chunk.length) {
      const byte = chunk[offset++] as number;
      if (this.prefixBytes === MAX_LENGTH_PREFIX_BYTES - 1 && byte > 0x0f) {
        // The fifth byte may only carry the top 4 bits of a uint32, and must end the varint.
        this.fail(
          byte & 0x80 ? 'ERR_VARINT_TOO_LONG' : 'ERR_FRAME_TOO_LARGE',
          byte & 0x80
            ? `length prefix is longer than ${MAX_LENGTH_PREFIX_BYTES} bytes`
            : 'length prefix does not fit in 32 bits',
        );
      }
      this.prefixValue += (byte & 0x7f) * 2 ** (7 * this.prefixBytes);
      this.prefixBytes++;
      if ((byte & 0x80) === 0) {
        if (this.prefixValue > this.maxFrameSize) {
          this.fail(
            'ERR_FRAME_TOO_LARGE',
            `frame of ${this.prefixValue} bytes exceeds the maximum of ${this.maxFrameSize}`,
          );
        }
        this.bodyLength = this.prefixValue;
        return offset;
      }
    }
    return offset;
  }

  private deliver(body: Uint8Array): void {
    this.prefixValue = 0;
    this.prefixBytes = 0;
    this.bodyLength = -1;
    this.partialBody = null;
    this.partialFilled = 0;
    this.onFrame(body);
  }

  private fail(code: 'ERR_VARINT_TOO_LONG' | 'ERR_FRAME_TOO_LARGE', message: string): never {
    this.failed = new FrameError(code, message);
    throw this.failed;
  }
}
