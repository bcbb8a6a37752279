import { createServer, type Server, type Socket } from 'node:net';
import {
  FrameDecoder,
  RequestType,
  ResponseType,
  Status,
  decodeRequest,
  encodeResponseBody,
  varintSize,
  writeVarint,
  type NanoRpcRequest,
  type NanoRpcResponse,
} from '@nanorpc-sim/core';
import { describeRequest, describeResponse, type TraceRecord } from '../report/index.js';

/** A request the scripted server received, and on which connection. */
export interface ReceivedRequest {
  request: NanoRpcRequest;
  connection: number;
  /** Taken by an expect-request step (each request matches one step). */
  taken: boolean;
}

export interface AutoAnswer {
  status?: Status;
  data?: Uint8Array;
  /** Answer the request's own data. */
  echo?: boolean;
}

/**
 * The server of a scripted client case: raw frames over TCP on loopback, so a case can send
 * anything (unknown fields, stray ids, malformed bytes) and see every frame the client sends.
 * Every frame both ways is recorded for the case's report.
 */
export class ScriptedCaseServer {
  readonly frames: TraceRecord[] = [];
  readonly requests: ReceivedRequest[] = [];
  readonly sockets: Socket[] = [];
  endpoint = '';
  private server: Server | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly caseName: string,
    private readonly autoPong: boolean,
    private readonly serve: ReadonlyMap<string, AutoAnswer>,
  ) {}

  async listen(): Promise<string> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    this.endpoint = `tcp://127.0.0.1:${address.port}`;
    return this.endpoint;
  }

  /** Connections accepted so far. */
  get connectionCount(): number {
    return this.sockets.length;
  }

  /** Resolves true when `ready()` holds, false after `timeoutMs`. */
  waitFor(ready: () => boolean, timeoutMs: number): Promise<boolean> {
    if (ready()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = (): void => {
        if (!ready()) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        resolve(ready());
      }, timeoutMs);
      this.listeners.add(check);
    });
  }

  /** A response frame; `extra` raw fields go after the encoded ones (unknown fields). */
  respond(connection: number, response: NanoRpcResponse, extra?: Uint8Array): void {
    const encoded = encodeResponseBody(response);
    const body = extra === undefined ? encoded : Buffer.concat([encoded, extra]);
    const frame = new Uint8Array(varintSize(body.length) + body.length);
    frame.set(body, writeVarint(frame, 0, body.length));
    this.write(
      connection,
      frame,
      'frame',
      describeResponse(response),
      extra === undefined ? undefined : 'with unknown fields',
    );
  }

  /** Bytes as they are, to the latest connection. */
  sendRaw(bytes: Uint8Array): void {
    this.write(this.sockets.length - 1, bytes, 'raw', undefined, 'raw bytes');
  }

  /** Closes every connection (the server drops the link); the listener stays. */
  drop(): void {
    for (const socket of this.sockets) socket.destroy();
    this.note('server dropped every connection');
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => {
      if (this.server === undefined) resolve();
      else this.server.close(() => resolve());
    });
  }

  private accept(socket: Socket): void {
    const connection = this.sockets.length;
    this.sockets.push(socket);
    socket.setNoDelay(true);
    this.note(`connection ${connection} accepted`);
    const decoder = new FrameDecoder((body) => this.received(connection, body), {
      maxFrameSize: 1 << 20,
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        decoder.push(chunk);
      } catch (error) {
        this.note(`connection ${connection}: ${String(error)}`, 'error');
        socket.destroy();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.note(`connection ${connection} closed`));
    this.notify();
  }

  private received(connection: number, body: Uint8Array): void {
    const hex = Buffer.from(body).toString('hex');
    let request: NanoRpcRequest;
    try {
      request = decodeRequest(body);
    } catch (error) {
      this.record(
        { direction: 'rx', kind: 'body', hex, note: `undecodable: ${String(error)}` },
        connection,
      );
      return;
    }
    this.record(
      { direction: 'rx', kind: 'body', hex, decoded: describeRequest(request) },
      connection,
    );
    this.requests.push({ request, connection, taken: false });
    this.autoAnswer(connection, request);
    this.notify();
  }

  private autoAnswer(connection: number, request: NanoRpcRequest): void {
    if (request.requestType === RequestType.Ping && this.autoPong) {
      this.respond(connection, {
        requestId: request.requestId,
        responseType: ResponseType.Pong,
        responseStatus: Status.Ok,
        responseMessage: '',
        data: new Uint8Array(0),
      });
      return;
    }
    const answer = request.path === undefined ? undefined : this.serve.get(request.path);
    if (answer === undefined || request.requestType === RequestType.Ping) return;
    this.respond(connection, {
      requestId: request.requestId,
      responseType: ResponseType.Response,
      responseStatus: answer.status ?? Status.Ok,
      responseMessage: '',
      data: answer.echo === true ? request.data : (answer.data ?? new Uint8Array(0)),
    });
  }

  private write(
    connection: number,
    bytes: Uint8Array,
    kind: TraceRecord['kind'],
    decoded: Record<string, unknown> | undefined,
    note: string | undefined,
  ): void {
    const socket = this.sockets[connection];
    this.record(
      {
        direction: 'tx',
        kind,
        hex: Buffer.from(bytes).toString('hex'),
        ...(decoded !== undefined && { decoded }),
        ...(note !== undefined && { note }),
      },
      connection,
    );
    if (socket !== undefined && !socket.destroyed) socket.write(bytes);
  }

  private note(text: string, kind: TraceRecord['kind'] = 'error'): void {
    this.record(
      { direction: 'rx', kind, hex: '', note: text },
      Math.max(0, this.sockets.length - 1),
    );
  }

  private record(
    fields: Pick<TraceRecord, 'direction' | 'kind' | 'hex'> & Partial<TraceRecord>,
    connection: number,
  ): void {
    this.frames.push({
      seq: this.frames.length + 1,
      time: performance.timeOrigin + performance.now(),
      scenario: this.caseName,
      link: `conn-${connection}`,
      role: 'server',
      ...fields,
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
