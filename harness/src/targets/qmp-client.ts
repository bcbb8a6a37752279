import { EventEmitter } from 'node:events';
import net from 'node:net';
import { z } from 'zod';
import { NanoRpcError } from '@nanorpc-sim/core';

/** A QMP exchange failed: no greeting, an `error` reply, a timeout or a closed socket. */
export class QmpError extends NanoRpcError {
  declare readonly code: 'ERR_QMP';

  constructor(message: string, options?: ErrorOptions) {
    super('ERR_QMP', message, options);
  }
}

/** One line QEMU sends: the greeting, a reply (return or error, with our id) or an event. */
const qmpLineSchema = z.looseObject({
  QMP: z.unknown().optional(),
  return: z.unknown().optional(),
  error: z.looseObject({ class: z.string(), desc: z.string() }).optional(),
  event: z.string().optional(),
  data: z.unknown().optional(),
  id: z.number().optional(),
});

type QmpLine = z.infer<typeof qmpLineSchema>;

interface Pending {
  command: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export interface QmpEvent {
  event: string;
  data: unknown;
}

export const QMP_TIMEOUT_MS = 5000;

/**
 * A client of QEMU's machine protocol on a UNIX socket: newline-delimited JSON, a greeting, then
 * `qmp_capabilities` before any command. Replies are matched by the `id` we send; asynchronous
 * events (RESUME, RESET, SHUTDOWN) are emitted as 'event'. 'close' once the socket is gone.
 */
export class QmpClient extends EventEmitter<{ event: [QmpEvent]; close: [] }> {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private buffered = '';
  private greeting: ((line: QmpLine) => void) | undefined;
  private isClosed = false;

  private constructor(private readonly socket: net.Socket) {
    super();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => undefined); // 'close' follows and says the rest
    socket.on('close', () => this.onClose());
  }

  /** Connects, reads the greeting and negotiates capabilities. */
  static async connect(socketPath: string, timeoutMs: number = QMP_TIMEOUT_MS): Promise<QmpClient> {
    const socket = net.connect(socketPath);
    const client = new QmpClient(socket);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new QmpError(`no QMP greeting on ${socketPath} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        client.greeting = (line) => {
          clearTimeout(timer);
          if (line.QMP === undefined)
            reject(new QmpError(`not a QMP greeting: ${JSON.stringify(line)}`));
          else resolve();
        };
        socket.once('error', (error) => {
          clearTimeout(timer);
          reject(
            new QmpError(`cannot connect to QMP at ${socketPath}: ${error.message}`, {
              cause: error,
            }),
          );
        });
      });
      await client.execute('qmp_capabilities', undefined, timeoutMs);
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Runs a command; resolves with its `return` value, rejects QmpError on an `error` reply. */
  execute(
    command: string,
    args?: Record<string, unknown>,
    timeoutMs: number = QMP_TIMEOUT_MS,
  ): Promise<unknown> {
    if (this.isClosed)
      return Promise.reject(new QmpError(`QMP ${command}: the connection is closed`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new QmpError(`QMP ${command}: no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { command, resolve, reject, timer });
      this.socket.write(
        `${JSON.stringify({ execute: command, ...(args && { arguments: args }), id })}\n`,
      );
    });
  }

  /** Resolves with the next event named `name` (register before causing it). */
  nextEvent(name: string, timeoutMs: number = QMP_TIMEOUT_MS): Promise<QmpEvent> {
    return new Promise((resolve, reject) => {
      const onEvent = (event: QmpEvent): void => {
        if (event.event !== name) return;
        cleanup();
        resolve(event);
      };
      const onClose = (): void => {
        cleanup();
        reject(new QmpError(`QMP closed while waiting for the ${name} event`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new QmpError(`no QMP ${name} event within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.off('event', onEvent);
        this.off('close', onClose);
      };
      this.on('event', onEvent);
      this.once('close', onClose);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: string): void {
    this.buffered += chunk;
    let end = this.buffered.indexOf('\n');
    while (end >= 0) {
      const text = this.buffered.slice(0, end).trim();
      this.buffered = this.buffered.slice(end + 1);
      end = this.buffered.indexOf('\n');
      if (text !== '') this.onLine(text);
    }
  }

  private onLine(text: string): void {
    let line: QmpLine;
    try {
      line = qmpLineSchema.parse(JSON.parse(text));
    } catch {
      return; // not QMP; nothing we asked for
    }
    if (this.greeting !== undefined) {
      const greeting = this.greeting;
      this.greeting = undefined;
      greeting(line);
      return;
    }
    if (line.event !== undefined) {
      this.emit('event', { event: line.event, data: line.data });
      return;
    }
    const pending = line.id === undefined ? undefined : this.pending.get(line.id);
    if (pending === undefined) return;
    this.pending.delete(line.id as number);
    clearTimeout(pending.timer);
    if (line.error !== undefined) {
      pending.reject(
        new QmpError(`QMP ${pending.command}: ${line.error.class}: ${line.error.desc}`),
      );
    } else pending.resolve(line.return);
  }

  private onClose(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new QmpError(`QMP ${pending.command}: the connection closed`));
    }
    this.pending.clear();
    this.emit('close');
  }
}
