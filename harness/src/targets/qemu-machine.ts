import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { killWithParent, stopChildProcess } from './child-process-stop.js';
import { PtyHolder } from './pty-holder.js';
import { QmpClient } from './qmp-client.js';
import { type PipedChild, waitForReadyLine } from './ready-line.js';

export interface QemuLaunch {
  /** The QEMU program, e.g. qemu-system-arm. */
  program: string;
  /** -M value, e.g. lm3s6965evb. */
  machine: string;
  /** The firmware ELF given to -kernel. */
  image: string;
  /** More QEMU arguments (after ours). */
  extraArgs: readonly string[];
  log: (line: string) => void;
  signal: AbortSignal;
}

const READY_TIMEOUT_MS = 10_000;
/** QEMU prints this on stdout once the UART's pty exists (the QMP socket listens before). */
const PTY_LINE = /char device redirected to (\S+) \(label serial0\)/;

/**
 * One QEMU guest with its UART on a pseudo-terminal, started as docs/platform-notes.md (QEMU) says:
 * paused (-S), the pty held open, then `cont` over QMP, so nothing the guest writes is lost.
 */
export class QemuMachine {
  private stopped: Promise<void> | undefined;
  private stopping = false;

  private constructor(
    readonly ptyPath: string,
    private readonly child: PipedChild,
    private readonly qmp: QmpClient,
    private readonly holder: PtyHolder,
    private readonly tempDir: string,
    private readonly unhook: () => void,
    private readonly log: (line: string) => void,
  ) {
    qmp.on('event', (event) => {
      if (event.event === 'RESET') log(`guest reset ${JSON.stringify(event.data)}`);
    });
    child.on('exit', (code, signal) => {
      if (!this.stopping) log(`QEMU exited unexpectedly (${code ?? signal ?? '?'})`);
    });
    child.on('error', (error) => log(`QEMU process error: ${error.message}`));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Bytes the guest wrote while no connection had the pty open (dropped; see PtyHolder). */
  get discardedBytes(): number {
    return this.holder.discardedBytes;
  }

  static async start(launch: QemuLaunch): Promise<QemuMachine> {
    const tempDir = await mkdtemp(path.join(os.tmpdir(), 'nanorpc-qemu-'));
    const socketPath = path.join(tempDir, 'qmp.sock');
    launch.log(`starting ${launch.program} -M ${launch.machine} -kernel ${launch.image} (paused)`);
    const child = spawnQemu(launch, socketPath);
    const unhook = killWithParent(child, () => rmSync(tempDir, { recursive: true, force: true }));
    // waitForReadyLine reports start failures; this keeps a late 'error' from throwing.
    child.on('error', () => undefined);
    let holder: PtyHolder | undefined;
    let qmp: QmpClient | undefined;
    try {
      const match = await waitForReadyLine(child, {
        pattern: PTY_LINE,
        what: launch.program,
        timeoutMs: READY_TIMEOUT_MS,
        signal: launch.signal,
        log: (line) => launch.log(`[${launch.program}] ${line}`),
      });
      const ptyPath = match[1] as string;
      holder = await PtyHolder.open(ptyPath);
      qmp = await QmpClient.connect(socketPath);
      holder.startDraining();
      await qmp.execute('cont');
      launch.log(`guest running, UART on ${ptyPath} (QEMU pid ${child.pid ?? '?'})`);
      return new QemuMachine(ptyPath, child, qmp, holder, tempDir, unhook, launch.log);
    } catch (error) {
      qmp?.close();
      await holder?.close();
      await stopChildProcess(child);
      unhook();
      await rm(tempDir, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * A system reset of the board, as the reset button (or SCB AIRCR) does: resolves once QEMU
   * reports it done. The pty stays the same; RAM survives, so the firmware counts the boot.
   */
  async reset(): Promise<void> {
    const done = this.qmp.nextEvent('RESET');
    await this.qmp.execute('system_reset');
    await done;
  }

  /** Quits QEMU (QMP quit, then signals), releases the pty; safe to call more than once. */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    if (this.holder.discardedBytes > 0) {
      this.log(
        `dropped ${this.holder.discardedBytes} bytes the guest wrote while no connection was open`,
      );
    }
    if (!this.qmp.closed) {
      try {
        await this.qmp.execute('quit', undefined, 2000);
      } catch {
        // QEMU may close the socket before it answers; the signals below make sure it is gone.
      }
    }
    this.qmp.close();
    await stopChildProcess(this.child);
    this.unhook();
    await this.holder.close();
    await rm(this.tempDir, { recursive: true, force: true });
    this.log('QEMU stopped');
  }
}

function spawnQemu(launch: QemuLaunch, socketPath: string): PipedChild {
  return spawn(
    launch.program,
    [
      ...['-M', launch.machine, '-kernel', launch.image, '-S'],
      ...['-qmp', `unix:${socketPath},server=on,wait=off`],
      ...['-serial', 'pty', '-nographic', '-monitor', 'none'],
      ...launch.extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
}
