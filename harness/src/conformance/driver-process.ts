import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { DriverLine, type DriverCommand, type DriverRecord } from './driver-protocol.js';

/** How to start a client driver: an argv (no shell), or a command line run by the shell. */
export type DriverLaunch = { argv: readonly string[] } | { shell: string };

/**
 * One client driver process, spoken to in JSON lines. Every line both ways is kept with its
 * time, so a case's report shows the transcript and checks can look at any result or event.
 */
export class DriverProcess {
  readonly records: DriverRecord[] = [];
  readonly stderr: string[] = [];
  private readonly child: ChildProcess;
  private readonly startedMs = performance.now();
  private nextId = 1;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(launch: DriverLaunch, cwd: string) {
    this.child =
      'argv' in launch
        ? spawn(launch.argv[0] ?? '', launch.argv.slice(1), {
            cwd,
            stdio: ['pipe', 'pipe', 'pipe'],
          })
        : spawn(launch.shell, { cwd, shell: true, stdio: ['pipe', 'pipe', 'pipe'] });
    // A driver that fails to start or dies is the client's failure, reported by exitText().
    this.child.on('error', (error) => {
      this.stderr.push(`cannot start the driver: ${error.message}`);
      this.exited ??= { code: null, signal: null };
      this.notify();
    });
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      this.notify();
    });
    this.child.stdin?.on('error', () => undefined);
    if (this.child.stdout !== null) {
      createInterface({ input: this.child.stdout }).on('line', (text) => this.onLine(text));
    }
    if (this.child.stderr !== null) {
      createInterface({ input: this.child.stderr }).on('line', (text) => {
        if (this.stderr.length < 200) this.stderr.push(text);
      });
    }
  }

  /** ms since the driver started. */
  now(): number {
    return performance.now() - this.startedMs;
  }

  /** Why the driver is gone, or undefined while it runs. */
  exitText(): string | undefined {
    if (this.exited === undefined) return undefined;
    const how =
      this.exited.signal !== null ? `signal ${this.exited.signal}` : `status ${this.exited.code}`;
    const last = this.stderr.slice(-3).join(' | ');
    return `the client driver exited (${how})${last === '' ? '' : `: ${last}`}`;
  }

  /** Sends one command line; returns the id it carries. */
  send(command: DriverCommand): number {
    const id = this.nextId++;
    const text = JSON.stringify({ id, ...command });
    this.records.push({ atMs: this.now(), direction: 'to-driver', text });
    if (this.exited === undefined) this.child.stdin?.write(`${text}\n`);
    return id;
  }

  /** Result lines carrying `id` (more than one is a protocol breach the runner reports). */
  resultsFor(id: number): DriverLine[] {
    return this.lines().filter((line) => line.event === undefined && line.id === id);
  }

  /** Every parsed line from the driver, in arrival order. */
  lines(): DriverLine[] {
    const out: DriverLine[] = [];
    for (const record of this.records) if (record.line !== undefined) out.push(record.line);
    return out;
  }

  /** Resolves when `ready()` holds, or false after `timeoutMs` or when the driver exits. */
  waitFor(ready: () => boolean, timeoutMs: number): Promise<boolean> {
    if (ready()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (value: boolean): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(value);
      };
      const check = (): void => {
        if (ready()) done(true);
        else if (this.exited !== undefined) done(false);
      };
      const timer = setTimeout(() => done(ready()), timeoutMs);
      this.listeners.add(check);
    });
  }

  /** Ends stdin (the driver's cue to shut down), then kills it if it lingers. */
  async stop(graceMs = 2000): Promise<void> {
    if (this.exited !== undefined) return;
    this.child.stdin?.end();
    const gone = await this.waitFor(() => this.exited !== undefined, graceMs);
    if (!gone && this.exited === undefined) {
      this.child.kill('SIGKILL');
      await this.waitFor(() => this.exited !== undefined, 1000);
    }
  }

  private onLine(text: string): void {
    const record: DriverRecord = { atMs: this.now(), direction: 'from-driver', text };
    try {
      const parsed = DriverLine.safeParse(JSON.parse(text));
      if (parsed.success) record.line = parsed.data;
    } catch {
      // Not JSON: kept as text; a check waiting for a result will not find it.
    }
    this.records.push(record);
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
