import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { NanoRpcError } from '../errors/nanorpc-error.js';

/** socat could not make the pseudo-terminal pair. */
export class PtyPairError extends NanoRpcError {
  declare readonly code: 'ERR_PTY';

  constructor(message: string, options?: ErrorOptions) {
    super('ERR_PTY', message, options);
  }
}

export interface PtyPairOptions {
  /** Folder for the two links; it must exist. */
  dir: string;
  /** Link names inside `dir`. */
  deviceName?: string;
  hostName?: string;
  /** How long socat may take to set up. */
  startTimeoutMs?: number;
}

/**
 * Two pseudo-terminals joined by socat, like a USB CDC cable: the device serves one end,
 * the host opens the other through its ordinary serial transport. socat keeps the pair up
 * while either end is closed and reopened, and removes the links when it ends.
 */
export class PtyPair {
  readonly devicePath: string;
  readonly hostPath: string;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  private constructor(
    child: ChildProcess,
    devicePath: string,
    hostPath: string,
    exited: Promise<void>,
  ) {
    this.child = child;
    this.devicePath = devicePath;
    this.hostPath = hostPath;
    this.exited = exited;
  }

  static async open(options: PtyPairOptions): Promise<PtyPair> {
    const devicePath = path.join(options.dir, options.deviceName ?? 'device');
    const hostPath = path.join(options.dir, options.hostName ?? 'host');
    const child = spawn(
      'socat',
      ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${hostPath}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const fail = (message: string, cause?: unknown): void => {
        cleanup();
        child.kill('SIGTERM');
        reject(new PtyPairError(message, { cause }));
      };
      const timer = setTimeout(
        () =>
          fail(
            `socat did not set up the pty pair within ${options.startTimeoutMs ?? 5000} ms: ${log.trim()}`,
          ),
        options.startTimeoutMs ?? 5000,
      );
      const onData = (chunk: Buffer): void => {
        log += chunk.toString('utf8');
        // socat logs this once both ptys (and their links) exist.
        if (log.includes('starting data transfer loop')) {
          cleanup();
          resolve();
        }
      };
      const onError = (error: NodeJS.ErrnoException): void =>
        fail(
          error.code === 'ENOENT'
            ? 'socat is not installed (the pty endpoint needs it: apt-get install socat)'
            : `cannot start socat: ${error.message}`,
          error,
        );
      const onExit = (code: number | null): void =>
        fail(`socat exited (code ${code}): ${log.trim()}`);
      const cleanup = (): void => {
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        child.off('error', onError);
        child.off('exit', onExit);
      };
      child.stderr?.on('data', onData);
      child.once('error', onError);
      child.once('exit', onExit);
    });
    // Keep draining socat's log so it never blocks on a full pipe.
    child.stderr?.resume();
    return new PtyPair(child, devicePath, hostPath, exited);
  }

  /** True while socat runs. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Ends socat (which removes the links) and waits for it. */
  async close(): Promise<void> {
    if (this.running) this.child.kill('SIGTERM');
    await this.exited;
  }
}
