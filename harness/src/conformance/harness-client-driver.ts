import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import {
  NanoRpcClient,
  NanoRpcError,
  StatusError,
  responseTypeName,
  Status,
  type ClientOptions,
  type NanoRpcResponse,
  type PathRef,
  type Subscription,
} from '@nanorpc-sim/core';
import { normalizeHex } from './driver-protocol.js';

/*
 * The harness client (NanoRpcClient) behind the client-driver protocol of docs/conformance.md,
 * the same JSON lines as interop/go-reference's nanorpc-ref-client, so the conformance matrix
 * judges both clients through the same commands. It reports what the client hands to the
 * application, in the order it does; it neither reorders nor completes anything.
 */

type Json = Record<string, unknown>;

class CommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extra: Json = {},
  ) {
    super(message);
  }
}

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromHex = (value: unknown): Uint8Array => {
  if (value === undefined || value === '') return new Uint8Array(0);
  if (typeof value !== 'string' || !/^([0-9a-f]{2})*$/i.test(normalizeHex(value)))
    throw new CommandError('bad_command', 'payloads are hex strings');
  return Buffer.from(normalizeHex(value), 'hex');
};

/** Status as the driver protocol names it: OK, NOT_FOUND, ... or the number outside the enum. */
function statusText(status: number): string | number {
  const names: Record<number, string> = {
    [Status.Unspecified]: 'UNSPECIFIED',
    [Status.Ok]: 'OK',
    [Status.NotFound]: 'NOT_FOUND',
    [Status.NotAuthorized]: 'NOT_AUTHORIZED',
    [Status.InternalError]: 'INTERNAL_ERROR',
  };
  return names[status] ?? status;
}

function responseFields(response: NanoRpcResponse): Json {
  return {
    request_id: response.requestId,
    type: responseTypeName(response.responseType).replace(/^TYPE_/, ''),
    status: statusText(response.responseStatus),
    status_code: response.responseStatus,
    message: response.responseMessage,
    data: toHex(response.data),
  };
}

/** The client's errors as driver error codes. */
function asCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof NanoRpcError ? error.code : '';
  switch (code) {
    case 'ERR_TIMEOUT':
      return new CommandError('timeout', message);
    case 'ERR_CONNECTION_LOST':
    case 'ERR_CLIENT_CLOSED':
    case 'ERR_RECONNECT_FAILED':
      return new CommandError('disconnected', message);
    case 'ERR_NOT_CONNECTED':
      return new CommandError('not_connected', message);
    default:
      return new CommandError('send_failed', message);
  }
}

function pathOf(command: Json): { ref: PathRef; hashPath: boolean } {
  if (typeof command.hash === 'number') return { ref: { hash: command.hash }, hashPath: true };
  if (typeof command.path === 'string')
    return { ref: command.path, hashPath: command.by_hash === true };
  throw new CommandError('bad_command', 'a path or a hash is required');
}

const numberOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

/** Driver `connect` options mapped onto ClientOptions (0 or absent: the client's default). */
function clientOptions(options: Json): ClientOptions {
  const delay = numberOr(options.reconnect_delay_ms, 5000);
  const idle = numberOr(options.idle_timeout_ms, 0);
  return {
    connectTimeoutMs: numberOr(options.dial_timeout_ms, 0) || 2000,
    reconnect: delay < 0 ? false : { initialDelayMs: delay, maxDelayMs: Math.max(delay, 5000) },
    // The harness client's idle keep-alive is a ping after this long without a frame.
    keepAliveMs: idle,
    alwaysHashPaths: options.always_hash_paths === true,
    // Calls carry their own timeout_ms; 0 here means no client-wide deadline.
    requestTimeoutMs: 0,
  };
}

export class HarnessClientDriver {
  private client: NanoRpcClient | undefined;
  private endpoint = '';
  private options: Json = {};
  private readonly subscriptions = new Map<number, Subscription>();
  private readonly updates: Json[] = [];
  private updateCursor = 0;
  private updateCount = 0;
  private readonly updateListeners = new Set<() => void>();
  private readonly inFlight = new Set<Promise<void>>();
  /** connect, close and reconnect finish before any later command starts (as in the Go driver). */
  private barrier: Promise<unknown> = Promise.resolve();

  constructor(private readonly write: (line: Json) => void) {}

  /** Handles one command line; results may come later (commands run concurrently). */
  accept(text: string): void {
    let command: Json;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('a command is a JSON object');
      command = parsed as Json;
    } catch (error) {
      this.write({ id: null, ok: false, error: { code: 'bad_command', message: String(error) } });
      return;
    }
    const run = this.barrier.then(() => this.run(command));
    if (command.cmd === 'connect' || command.cmd === 'close' || command.cmd === 'reconnect')
      this.barrier = run.catch(() => undefined);
    const task = run.then(
      (fields) => this.write({ id: command.id, ok: true, ...fields }),
      (error: unknown) => {
        const failure = asCommandError(error);
        this.write({
          id: command.id,
          ok: false,
          error: { code: failure.code, message: failure.message },
          ...failure.extra,
        });
      },
    );
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  /** stdin ended: let calls in flight end, then close the client. */
  async finish(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.client?.close();
  }

  private run(command: Json): Promise<Json> {
    switch (command.cmd) {
      case 'connect':
        return this.connect(command);
      case 'ping':
        return this.ping(command);
      case 'request':
        return this.request(command);
      case 'subscribe':
        return this.subscribe(command);
      case 'unsubscribe':
        return this.unsubscribe(command);
      case 'wait_updates':
        return this.waitUpdates(command);
      case 'close':
        return this.close();
      case 'reconnect':
        return this.reconnect();
      default:
        return Promise.reject(
          new CommandError('bad_command', `unknown cmd ${String(command.cmd)}`),
        );
    }
  }

  private live(): NanoRpcClient {
    if (this.client === undefined)
      throw new CommandError('not_connected', 'no client; connect first');
    return this.client;
  }

  private async connect(command: Json): Promise<Json> {
    if (this.client !== undefined)
      throw new CommandError('already_connected', 'a client exists (close or reconnect)');
    if (typeof command.endpoint !== 'string')
      throw new CommandError('bad_command', 'endpoint is required');
    this.endpoint = command.endpoint;
    const options = command.options;
    this.options = typeof options === 'object' && options !== null ? (options as Json) : {};
    await this.start();
    return { endpoint: this.endpoint };
  }

  private async start(): Promise<void> {
    const client = new NanoRpcClient(this.endpoint, clientOptions(this.options));
    client.on('connect', () => this.write({ event: 'connected', endpoint: this.endpoint }));
    client.on('disconnect', () => this.write({ event: 'disconnected' }));
    client.on('error', (error) => this.write({ event: 'error', message: error.message }));
    client.on('unmatched', (response) =>
      this.write({ event: 'unmatched', ...responseFields(response) }),
    );
    this.client = client;
    const limit = numberOr(this.options.connect_timeout_ms, 0) || 5000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.connect(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no session within ${limit} ms`)), limit);
        }),
      ]);
    } catch (error) {
      this.client = undefined;
      await client.close();
      throw new CommandError(
        'connect_failed',
        error instanceof Error ? error.message : String(error),
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private async ping(command: Json): Promise<Json> {
    const started = performance.now();
    const pong = await this.live().ping({ timeoutMs: numberOr(command.timeout_ms, 5000) });
    return {
      status: statusText(pong.responseStatus),
      rtt_us: Math.round((performance.now() - started) * 1000),
    };
  }

  private async request(command: Json): Promise<Json> {
    const { ref, hashPath } = pathOf(command);
    const response = await this.live().request(ref, fromHex(command.data), {
      timeoutMs: numberOr(command.timeout_ms, 5000),
      hashPath,
    });
    return responseFields(response);
  }

  private async subscribe(command: Json): Promise<Json> {
    const { ref, hashPath } = pathOf(command);
    const client = this.live();
    let subscription: Subscription;
    try {
      subscription = await client.subscribe(
        ref,
        fromHex(command.filter),
        (update) => {
          this.updateCount += 1;
          const entry = {
            n: this.updateCount,
            request_id: update.requestId,
            data: toHex(update.data),
          };
          this.write({ event: 'update', ...entry, status: statusText(update.responseStatus) });
          this.updates.push(entry);
          for (const listener of [...this.updateListeners]) listener();
        },
        { timeoutMs: numberOr(command.timeout_ms, 5000), hashPath },
      );
    } catch (error) {
      // A non-OK ack is an answer, so the command itself ended: ok with that status.
      if (error instanceof StatusError && error.response !== undefined)
        return responseFields(error.response);
      throw error;
    }
    this.subscriptions.set(subscription.id, subscription);
    subscription.on('terminated', (reason) => {
      this.write({ event: 'subscription_ended', request_id: subscription.id, reason });
    });
    // The client resolves subscribe() on an OK ack without handing the ack itself over.
    const ack = { request_id: subscription.id, type: 'RESPONSE', status: 'OK', status_code: 1 };
    return { ...ack, message: '', data: '' };
  }

  private async unsubscribe(command: Json): Promise<Json> {
    const id = command.request_id;
    const subscription = typeof id === 'number' ? this.subscriptions.get(id) : undefined;
    if (subscription === undefined)
      throw new CommandError('bad_command', `no subscription with request_id ${String(id)}`);
    const ack = await subscription.unsubscribe({ timeoutMs: numberOr(command.timeout_ms, 5000) });
    return responseFields(ack);
  }

  private async waitUpdates(command: Json): Promise<Json> {
    const count = numberOr(command.count, 1);
    const id = typeof command.request_id === 'number' ? command.request_id : undefined;
    const timeoutMs = numberOr(command.timeout_ms, 5000);
    const matching = (): Json[] =>
      this.updates.slice(this.updateCursor).filter((u) => id === undefined || u.request_id === id);
    const enough = await new Promise<boolean>((resolve) => {
      const check = (): void => {
        if (matching().length < count) return;
        clearTimeout(timer);
        this.updateListeners.delete(check);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.updateListeners.delete(check);
        resolve(false);
      }, timeoutMs);
      this.updateListeners.add(check);
      check();
    });
    const got = matching().slice(0, count);
    // Consumed updates are not returned again by a later wait_updates.
    const last = got[got.length - 1];
    if (last !== undefined) this.updateCursor = this.updates.indexOf(last) + 1;
    if (!enough)
      throw new CommandError('timeout', `${got.length} of ${count} updates within ${timeoutMs}ms`, {
        updates: got,
      });
    return { updates: got };
  }

  private async close(): Promise<Json> {
    const client = this.live();
    this.client = undefined;
    this.subscriptions.clear();
    await client.close();
    return {};
  }

  private async reconnect(): Promise<Json> {
    if (this.endpoint === '') throw new CommandError('not_connected', 'never connected');
    const old = this.client;
    this.client = undefined;
    this.subscriptions.clear();
    await old?.close();
    await this.start();
    return { endpoint: this.endpoint };
  }
}

/** Runs the driver on a line stream until it ends (the hidden `conformance-driver` command). */
export async function runHarnessClientDriver(
  input: Readable,
  output: { write(text: string): unknown },
): Promise<void> {
  const driver = new HarnessClientDriver((line) => output.write(`${JSON.stringify(line)}\n`));
  const lines = createInterface({ input });
  for await (const line of lines) if (line.trim() !== '') driver.accept(line);
  await driver.finish();
}
