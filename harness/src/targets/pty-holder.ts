import { constants, readdirSync, readlinkSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** How often the holder looks for output nobody is there to read. */
export const DRAIN_INTERVAL_MS = 200;

/**
 * Whether another descriptor of this process has `ptyPath` open (the harness's serial
 * transport runs in the same process as the target). undefined where /proc is missing.
 */
function openedElsewhere(ptyPath: string, ownFd: number): boolean | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc/self/fd');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (Number(entry) === ownFd) continue;
    try {
      if (readlinkSync(`/proc/self/fd/${entry}`) === ptyPath) return true;
    } catch {
      // closed while we looked
    }
  }
  return false;
}

/**
 * Keeps QEMU's UART pty open for the whole run. QEMU drops what the guest writes while nobody
 * has the pty open, and notices a new opener only at its next 1 s poll (measured: the first
 * ping of each connection took ~1000 ms without a holder, 3-24 ms with one). The harness opens
 * a fresh serial connection per scenario; this descriptor keeps the line up in between.
 *
 * While the harness has the pty open the holder never reads, so it takes no bytes from it
 * (measured: 200 of 200 updates arrive). While nobody else has it open, it discards what the
 * guest writes: QEMU's UART blocks its whole main loop once the pty buffer is full, and the
 * backlog would then pour into the next connection (measured without draining: 6000 updates
 * left behind stalled QMP for more than 5 s and 4288 of them reached the next connection).
 * The check and the reads run in one synchronous block, so no request of a new connection
 * can have been sent when the holder reads: whatever it discards is older output.
 */
export class PtyHolder {
  private timer: NodeJS.Timeout | undefined;
  private readonly scratch = Buffer.alloc(4096);
  /** Bytes the holder read and dropped while no connection was open. */
  discardedBytes = 0;

  private constructor(
    readonly path: string,
    private handle: FileHandle | undefined,
  ) {}

  static async open(path: string): Promise<PtyHolder> {
    // O_NOCTTY: the pty must not become our controlling terminal; O_NONBLOCK for the drain.
    const handle = await open(path, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
    return new PtyHolder(path, handle);
  }

  /** Starts discarding output written while no other descriptor has the pty open. */
  startDraining(intervalMs: number = DRAIN_INTERVAL_MS): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.drain(), intervalMs);
    this.timer.unref();
  }

  /** One look: reads and drops what is buffered, unless someone else has the pty open. */
  drain(): number {
    const fd = this.handle?.fd;
    if (fd === undefined || openedElsewhere(this.path, fd) !== false) return 0;
    let dropped = 0;
    for (;;) {
      let count: number;
      try {
        count = readSync(fd, this.scratch, 0, this.scratch.length, null);
      } catch {
        break; // EAGAIN: nothing more now (or the pty is gone)
      }
      if (count <= 0) break;
      dropped += count;
    }
    this.discardedBytes += dropped;
    return dropped;
  }

  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }
}
