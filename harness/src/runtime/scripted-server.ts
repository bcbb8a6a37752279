import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TraceRecord } from '../report/run-report.js';
import { Status, NanoRpcServer, type Session, StatusError } from '@nanorpc-sim/core';
import { ChangeNotifier, sleep } from './change-notifier.js';
import { StepFailure } from './step-failure.js';
import type { TraceRecorder } from './trace-recorder.js';

/** How the harness answers requests to one path (a `serve` step). */
export interface ServeRule {
  status: number;
  message: string;
  data: Uint8Array;
  delayMs: number;
  silent: boolean;
}

/** A request the client under test sent, as the trace decoded it. */
export interface ObservedRequest {
  readonly record: TraceRecord;
  matched: boolean;
}

/** The launched client under test. */
interface LaunchedClient {
  readonly process: ChildProcess;
  readonly output: string[];
  exit?: { code: number | null; signal: NodeJS.Signals | null };
}

/** This harness's own command, to launch it as the client under test (`nanorpc-hil ...`). */
const OWN_COMMAND = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const OUTPUT_LINES_KEPT = 40;

/** Where the harness listens and which client it launches (the scenario's `server:`). */
export interface ServerPlan {
  listen: string;
  launch?: { command: string[]; env: Record<string, string>; cwd?: string | undefined } | undefined;
}

/** The paths a scenario's steps name, by what the server needs for them. */
export interface ServedPaths {
  /** Paths answered by `serve` rules. */
  readonly handlers: ReadonlySet<string>;
  /** Paths clients subscribe to (`publish`, expected SUBSCRIBE requests). */
  readonly topics: ReadonlySet<string>;
}

/**
 * The harness as the server of a client-under-test scenario: a NanoRpcServer whose answers the
 * steps script (`serve`), the requests the client sent (from the trace), its sessions, and the
 * client process when the scenario launches one.
 */
export class ScriptedServer {
  readonly changes = new ChangeNotifier();
  readonly requests: ObservedRequest[] = [];
  /** Sessions opened and closed that no expect-connection / expect-disconnect observed yet. */
  pendingConnections = 0;
  pendingDisconnects = 0;
  endpoint = '';

  private readonly server: NanoRpcServer;
  private readonly rules = new Map<string, ServeRule>();
  private readonly stopListening: () => void;
  private client: LaunchedClient | undefined;
  private latestSession: Session | undefined;

  /** `directory` is the scenario's folder: a launched client's cwd starts there. */
  constructor(
    private readonly plan: ServerPlan,
    private readonly directory: string,
    paths: ServedPaths,
    recorder: TraceRecorder,
    private readonly log: (line: string) => void,
  ) {
    this.server = new NanoRpcServer({ trace: recorder });
    for (const path of paths.topics) this.server.topic(path);
    for (const path of paths.handlers) {
      if (!paths.topics.has(path))
        this.server.handle(path, (context) => this.answer(path, context.signal));
    }
    this.server.on('session', (session) => {
      this.latestSession = session;
      this.pendingConnections++;
      this.changes.notify();
    });
    this.server.on('session-closed', () => {
      this.pendingDisconnects++;
      this.changes.notify();
    });
    this.stopListening = recorder.listen((record) => {
      if (record.role !== 'server' || record.direction !== 'rx' || record.decoded === undefined)
        return;
      this.requests.push({ record, matched: false });
      this.changes.notify();
    });
  }

  /** Listens on the scenario's endpoint, then launches the client under test if it has one. */
  async start(): Promise<void> {
    const listener = await this.server.listen(this.plan.listen);
    this.endpoint = listener.address;
    const launch = this.plan.launch;
    if (launch !== undefined) {
      const words = launch.command.map((word) => word.replaceAll('${endpoint}', this.endpoint));
      const [first, ...rest] = words as [string, ...string[]];
      const [command, args] =
        first === 'nanorpc-hil' ? [process.execPath, [OWN_COMMAND, ...rest]] : [first, rest];
      const child = spawn(command, args, {
        cwd: path.resolve(this.directory, launch.cwd ?? '.'),
        env: { ...process.env, ...launch.env, NANORPC_ENDPOINT: this.endpoint },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const launched: LaunchedClient = { process: child, output: [] };
      this.client = launched;
      const keep = (chunk: Buffer): void => {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (line === '') continue;
          launched.output.push(line);
          if (launched.output.length > OUTPUT_LINES_KEPT) launched.output.shift();
          this.log(`client: ${line}`);
        }
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      child.once('error', (error) => {
        launched.output.push(`cannot start ${command}: ${error.message}`);
        launched.exit = { code: null, signal: null };
        this.changes.notify();
      });
      child.once('exit', (code, signal) => {
        launched.exit = { code, signal };
        this.changes.notify();
      });
    }
  }

  serve(path: string, rule: ServeRule): void {
    this.rules.set(path, rule);
  }

  publish(path: string, data: Uint8Array): number {
    return this.server.publish(path, data);
  }

  /** Closes every client session (the client sees its connection drop). */
  async dropConnections(): Promise<void> {
    await this.server.closeAllSessions();
  }

  /** Writes bytes as they are to the latest session. */
  async sendRaw(bytes: Uint8Array): Promise<void> {
    const session = this.latestSession;
    if (session === undefined || session.transport.closed) {
      throw new StepFailure('no client is connected: add an `expect-connection` step first');
    }
    const link = session.link as { sendRaw?: (bytes: Uint8Array) => Promise<void> };
    if (typeof link.sendRaw === 'function') await link.sendRaw(bytes);
    else await session.transport.write(bytes);
  }

  /** The launched client's exit, once it exited; StepFailure when none was launched. */
  launchedClient(): LaunchedClient {
    if (this.client === undefined) {
      throw new StepFailure('no client was launched: give `server.launch.command` in the scenario');
    }
    return this.client;
  }

  async close(): Promise<void> {
    this.stopListening();
    const child = this.client?.process;
    if (child !== undefined && this.client?.exit === undefined) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    }
    await this.server.close({ deadlineMs: 200 });
  }

  private async answer(path: string, signal: AbortSignal): Promise<Uint8Array> {
    const rule = this.rules.get(path);
    if (rule === undefined)
      throw new StatusError(Status.NotFound, 'no handler registered for path');
    if (rule.silent) {
      // Never answers: holds the request until the session or the server ends.
      await new Promise<void>((resolve) =>
        signal.addEventListener('abort', () => resolve(), { once: true }),
      );
      throw new StatusError(Status.InternalError, 'scripted silence ended');
    }
    if (rule.delayMs > 0) await sleep(rule.delayMs, signal);
    if (rule.status !== Status.Ok) throw new StatusError(rule.status, rule.message);
    return rule.data;
  }
}
