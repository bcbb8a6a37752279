import { EventEmitter } from 'node:events';
import { FrameDecoder } from '../protocol/frame-decoder.js';
import { FrameError } from '../protocol/frame-errors.js';
import { varintSize } from '../protocol/varint.js';
import { traceTime, type FrameTrace, type TraceEvent } from './frame-trace.js';
import { HEX_PREVIEW_BYTES, hexPreview } from './hex-preview.js';
import { TransportClosedError } from './transport-errors.js';
import type { Transport } from './transport.js';

export const DEFAULT_RESYNC_IDLE_MS = 50;

export interface FramedLinkOptions {
  role: 'client' | 'server';
  /** Largest body accepted (default 64 KiB); a larger length prefix is a frame error. */
  maxFrameSize?: number;
  /**
   * Serial only: a chunk arriving more than this many ms after the previous one drops a
   * partial frame first. Default: the transport's own setting, else 50; 0 turns it off.
   */
  resyncIdleMs?: number;
  trace?: FrameTrace;
  /** Names the link in traces, e.g. "client#1 tcp://127.0.0.1:4000". */
  id?: string;
}

/** Listener arguments per event (the typed EventEmitter map). */
export interface FramedLinkEvents {
  frame: [body: Uint8Array];
  'frame-error': [error: FrameError, hexPreview: string];
  close: [error?: Error];
}

/**
 * Frames over one transport: sends whole frames, splits received bytes into bodies, and
 * recovers from bad input the way the transport calls for. On a stream (TCP, UNIX) a frame
 * error ends the session. On a serial line it drops the partial frame and carries on: after an
 * invalid length prefix (with the rest of the chunk it came in) and after an idle gap.
 */
export class FramedLink extends EventEmitter<FramedLinkEvents> {
  readonly transport: Transport;
  readonly role: 'client' | 'server';
  readonly id: string;
  readonly resyncIdleMs: number;
  private readonly decoder: FrameDecoder;
  private readonly trace: FrameTrace | undefined;
  private readonly resync: boolean;
  /** First bytes of the partial frame held by the decoder (one extra to know if more exist). */
  private partialHead: Uint8Array = new Uint8Array(0);
  private lastChunkAt = Number.NEGATIVE_INFINITY;
  private closeError: Error | undefined;
  private isClosed = false;
  private closing: Promise<void> | undefined;
  /** Where, in the chunk being decoded, the next frame starts (-1: it began in an earlier chunk). */
  private frameStart = 0;
  private chunk: Uint8Array = new Uint8Array(0);
  private bufferedBeforeChunk = 0;

  constructor(transport: Transport, options: FramedLinkOptions = { role: 'client' }) {
    super();
    this.transport = transport;
    this.role = options.role;
    this.id = options.id ?? `${options.role} ${transport.endpoint}`;
    this.trace = options.trace;
    this.resync = transport.recovery === 'resync';
    this.resyncIdleMs = options.resyncIdleMs ?? transport.resyncIdleMs ?? DEFAULT_RESYNC_IDLE_MS;
    if (!Number.isFinite(this.resyncIdleMs) || this.resyncIdleMs < 0) {
      throw new RangeError(`resyncIdleMs must be a number >= 0, got ${this.resyncIdleMs}`);
    }
    this.decoder = new FrameDecoder((body) => this.onBody(body), {
      ...(options.maxFrameSize === undefined ? {} : { maxFrameSize: options.maxFrameSize }),
    });
    transport.on('data', this.onData);
    transport.once('close', this.onTransportClose);
    if (transport.closed) queueMicrotask(() => this.onTransportClose());
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Bytes of a frame received in part (0 between frames). */
  get partialBytes(): number {
    return this.decoder.bufferedBytes;
  }

  get maxFrameSize(): number {
    return this.decoder.maxFrameSize;
  }

  /** Sends one whole frame (length prefix included), recorded in the trace as 'tx' 'frame'. */
  send(frame: Uint8Array): Promise<void> {
    return this.write(frame, 'frame');
  }

  /** Sends bytes exactly as given (malformed input on purpose), traced as kind 'raw'. */
  sendRaw(bytes: Uint8Array, note?: string): Promise<void> {
    return this.write(bytes, 'raw', note);
  }

  /** Closes the transport; resolves once 'close' has been emitted. */
  close(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    this.closing ??= new Promise<void>((resolve) => {
      this.once('close', () => resolve());
      void this.transport.close();
    });
    return this.closing;
  }

  private write(bytes: Uint8Array, kind: 'frame' | 'raw', note?: string): Promise<void> {
    if (this.isClosed || this.closing) {
      return Promise.reject(new TransportClosedError(`cannot send: link ${this.id} is closed`));
    }
    this.record('tx', kind, bytes, note);
    return this.transport.write(bytes);
  }

  private readonly onData = (chunk: Uint8Array): void => {
    if (this.isClosed || this.closing) return;
    if (this.resync) this.dropPartialAfterIdleGap();
    this.chunk = chunk;
    this.bufferedBeforeChunk = this.decoder.bufferedBytes;
    this.frameStart = this.bufferedBeforeChunk > 0 ? -1 : 0;
    try {
      this.decoder.push(chunk);
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      const offending =
        this.frameStart < 0 ? concat(this.partialHead, chunk) : chunk.subarray(this.frameStart);
      this.decoder.reset();
      this.partialHead = new Uint8Array(0);
      // On serial the rest of this chunk is the bad frame's own tail: it goes with it.
      this.frameError(error, offending);
      return;
    } finally {
      this.chunk = new Uint8Array(0);
    }
    this.rememberPartialHead(chunk);
  };

  private dropPartialAfterIdleGap(): void {
    const now = performance.now();
    const gap = now - this.lastChunkAt;
    this.lastChunkAt = now;
    if (this.resyncIdleMs === 0 || this.decoder.idle || gap <= this.resyncIdleMs) return;
    const error = new FrameError(
      'ERR_TRUNCATED_FRAME',
      `dropped a partial frame (${this.decoder.bufferedBytes} byte(s)) after ${Math.round(gap)} ms of silence`,
    );
    const offending = this.partialHead;
    this.decoder.reset();
    this.partialHead = new Uint8Array(0);
    this.frameError(error, offending);
  }

  private onBody(body: Uint8Array): void {
    const chunk = this.chunk;
    const isView =
      body.buffer === chunk.buffer &&
      body.byteOffset >= chunk.byteOffset &&
      body.byteOffset + body.length <= chunk.byteOffset + chunk.length;
    // A body assembled across chunks is the first frame to end in this chunk.
    this.frameStart = isView
      ? body.byteOffset - chunk.byteOffset + body.length
      : varintSize(body.length) + body.length - this.bufferedBeforeChunk;
    if (this.isClosed || this.closing) return;
    this.record('rx', 'body', body);
    this.emit('frame', body);
  }

  /** Keeps the first bytes of whatever partial frame the decoder now holds, for previews. */
  private rememberPartialHead(chunk: Uint8Array): void {
    const buffered = this.decoder.bufferedBytes;
    const keep = HEX_PREVIEW_BYTES + 1;
    if (buffered === 0) {
      this.partialHead = new Uint8Array(0);
    } else if (this.frameStart < 0) {
      if (this.partialHead.length < keep) {
        this.partialHead = concat(
          this.partialHead,
          chunk.subarray(0, keep - this.partialHead.length),
        );
      }
    } else {
      const start = chunk.length - buffered;
      this.partialHead = chunk.slice(start, start + keep);
    }
  }

  private frameError(error: FrameError, offending: Uint8Array): void {
    const preview = hexPreview(offending);
    this.record(
      'rx',
      'error',
      offending.subarray(0, HEX_PREVIEW_BYTES),
      `${error.code}: ${error.message}`,
    );
    this.emit('frame-error', error, preview);
    if (!this.resync && !this.isClosed) {
      this.closeError ??= error;
      void this.close();
    }
  }

  private readonly onTransportClose = (error?: Error): void => {
    if (this.isClosed) return;
    this.transport.off('data', this.onData);
    let truncated: FrameError | undefined;
    if (!this.resync && !this.decoder.idle) {
      try {
        this.decoder.end();
      } catch (endError) {
        if (!(endError instanceof FrameError)) throw endError;
        truncated = endError;
        const head = this.partialHead;
        this.record(
          'rx',
          'error',
          head.subarray(0, HEX_PREVIEW_BYTES),
          `${endError.code}: ${endError.message}`,
        );
        this.emit('frame-error', endError, hexPreview(head));
      }
    }
    this.isClosed = true;
    // Our own reason (a frame error) first: the transport closed because we closed it.
    const reason = this.closeError ?? error ?? truncated;
    if (reason) this.emit('close', reason);
    else this.emit('close');
  };

  private record(
    direction: TraceEvent['direction'],
    kind: TraceEvent['kind'],
    bytes: Uint8Array,
    note?: string,
  ): void {
    if (!this.trace) return;
    const event: TraceEvent = {
      time: traceTime(),
      direction,
      link: this.id,
      role: this.role,
      bytes,
      kind,
    };
    if (note !== undefined) event.note = note;
    this.trace.record(event);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}
