import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * A pseudo-terminal pair made by socat (`socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B`)
 * in a fresh temporary folder: a server on `a`, a client on `b`. close() ends socat and removes
 * the folder.
 */
export class SocatPtyPair {
  readonly a: string;
  readonly b: string;
  private readonly child: ChildProcess;
  private readonly dir: string;
  private readonly exited: Promise<void>;

  private constructor(child: ChildProcess, dir: string, exited: Promise<void>) {
    this.child = child;
    this.dir = dir;
    this.a = path.join(dir, 'A');
    this.b = path.join(dir, 'B');
    this.exited = exited;
  }

  static async open(timeoutMs = 5000): Promise<SocatPtyPair> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nanorpc-pty-'));
    const child = spawn(
      'socat',
      [
        '-d',
        '-d',
        `pty,raw,echo=0,link=${path.join(dir, 'A')}`,
        `pty,raw,echo=0,link=${path.join(dir, 'B')}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    let log = '';
    let onStarted: (() => void) | undefined;
    const onLog = (chunk: Buffer): void => {
      log += chunk.toString();
      // socat prints this once both ptys and their links exist.
      if (log.includes('starting data transfer loop')) onStarted?.();
    };
    // Keep draining socat's log so it never blocks on a full pipe.
    child.stderr?.on('data', onLog);
    try {
      await new Promise<void>((resolve, reject) => {
        const finish = (error?: Error): void => {
          clearTimeout(timer);
          onStarted = undefined;
          child.off('error', finish);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve();
        };
        const onExit = (code: number | null): void =>
          finish(new Error(`socat exited with ${code}: ${log}`));
        const timer = setTimeout(() => finish(new Error(`socat did not start: ${log}`)), timeoutMs);
        onStarted = () => finish();
        child.once('error', finish);
        child.once('exit', onExit);
      });
    } catch (error) {
      child.kill('SIGKILL');
      await exited;
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    return new SocatPtyPair(child, dir, exited);
  }

  /** `serial://` endpoint of end A or B. */
  endpoint(end: 'a' | 'b', query = 'baud=115200'): string {
    return `serial://${end === 'a' ? this.a : this.b}?${query}`;
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
    await rm(this.dir, { recursive: true, force: true });
  }
}
