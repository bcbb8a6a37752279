import { encodeResponseFrame } from '../protocol/codec.js';
import { ResponseType, Status } from '../protocol/messages.js';
import { StatusError } from '../protocol/status-error.js';
import { varintSize } from '../protocol/varint.js';
import type { FramedLink } from '../transport/framed-link.js';
import type { RequestContext } from './request-context.js';
import type { ResolvedServerOptions } from './server-options.js';

const EMPTY = new Uint8Array(0);

/** What the writer needs from the server that owns its session. */
export interface SessionWriterHost {
  readonly options: ResolvedServerOptions;
  warn(message: string): void;
}

/**
 * Everything one session sends, in order, on its link: answers (capped at maxFrameSize) and
 * the frames the session queues (updates), counted until the transport has taken them so the
 * backlog stays bounded.
 */
export class SessionWriter {
  private readonly link: FramedLink;
  private readonly host: SessionWriterHost;
  private readonly sessionId: number;
  /** Called when an answer meets a full backlog: the peer does not read. */
  private readonly onBacklogFull: () => void;
  private pendingWrites = 0;
  private drainWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    link: FramedLink,
    host: SessionWriterHost,
    sessionId: number,
    onBacklogFull: () => void,
  ) {
    this.link = link;
    this.host = host;
    this.sessionId = sessionId;
    this.onBacklogFull = onBacklogFull;
  }

  /** Frames queued and not yet taken by the transport. */
  get pending(): number {
    return this.pendingWrites;
  }

  /** The link is gone: nothing more is written, and flush() waiters are released. */
  stop(): void {
    this.stopped = true;
    this.releaseDrainWaiters();
  }

  /** Resolves when every queued write has reached the transport, or after `timeoutMs`. */
  flush(timeoutMs: number): Promise<void> {
    if (this.pendingWrites === 0 || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.drainWaiters.push(done);
    });
  }

  /** Answers a handler's result: its bytes, or an error when it returned something else. */
  respondResult(ctx: RequestContext, data: Uint8Array | void): void {
    const id = ctx.request.requestId;
    if (data !== undefined && !(data instanceof Uint8Array)) {
      this.host.warn(`handler for ${ctx.path} returned ${typeof data}, not bytes`);
      this.respond(id, ResponseType.Response, Status.InternalError, 'handler returned no bytes');
      return;
    }
    this.respond(id, ResponseType.Response, Status.Ok, '', data ?? EMPTY);
  }

  /** StatusError gives its status; anything else is STATUS_INTERNAL_ERROR with its message. */
  respondFailure(requestId: number, error: unknown): void {
    if (error instanceof StatusError) {
      this.respond(requestId, ResponseType.Response, error.status, error.responseMessage);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.respond(
      requestId,
      ResponseType.Response,
      Status.InternalError,
      message || 'handler failed',
    );
  }

  /** Encodes and queues one response frame; false when the session is gone. */
  respond(
    requestId: number,
    responseType: ResponseType,
    responseStatus: Status | number,
    responseMessage = '',
    data: Uint8Array = EMPTY,
  ): boolean {
    if (this.stopped) return false;
    let frame = encodeResponseFrame({
      requestId,
      responseType,
      responseStatus,
      responseMessage,
      data,
    });
    const max = this.host.options.maxFrameSize;
    const bodyLength = bodyLengthOf(frame);
    if (bodyLength > max) {
      this.host.warn(
        `session #${this.sessionId}: answer to id ${requestId} is ${bodyLength} bytes, over the maximum frame size ${max}`,
      );
      frame = encodeResponseFrame({
        requestId,
        responseType,
        responseStatus: Status.InternalError,
        responseMessage: `response of ${bodyLength} bytes exceeds the maximum frame size of ${max}`,
        data: EMPTY,
      });
    }
    this.write(frame);
    return true;
  }

  /** Queues bytes holding `frames` whole frames (the backlog counts frames). */
  write(frame: Uint8Array, frames = 1): void {
    const { maxQueuedWritesPerSession, maxWriteBacklogPerSession } = this.host.options;
    if (this.pendingWrites >= Math.max(maxQueuedWritesPerSession, maxWriteBacklogPerSession)) {
      // Answers are never dropped (each request gets one); a peer that sends without reading
      // would make them grow without bound, so it loses the session instead.
      this.onBacklogFull();
      return;
    }
    this.pendingWrites += frames;
    const done = frames === 1 ? this.writeDone : () => this.onWriteDone(frames);
    this.link.send(frame).then(done, done);
  }

  /** One callback for every write (none made per frame). */
  private readonly writeDone = (): void => this.onWriteDone();

  private onWriteDone(frames = 1): void {
    this.pendingWrites -= frames;
    if (this.pendingWrites > 0) return;
    this.releaseDrainWaiters();
  }

  private releaseDrainWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const waiter of waiters) waiter();
  }
}

/** Length of the body of a whole frame (the varint prefix holds it). */
function bodyLengthOf(frame: Uint8Array): number {
  for (let prefix = 1; prefix <= 5; prefix++) {
    const body = frame.length - prefix;
    if (varintSize(body) === prefix) return body;
  }
  return frame.length;
}
