import { EventEmitter } from 'node:events';
import { readSync, writeSync } from 'node:fs';
import { SerialPort } from 'serialport';

/**
 * The stock POSIX binding of serialport 13 (@serialport/bindings-cpp), with its reads and
 * writes replaced on each opened port. Two faults of the stock ones, measured on ptys:
 *
 * 1. Write stall. The native poller hands libuv only the events of the latest request, so a
 *    read that starts waiting for "readable" cancels the "writable" watch of a write already
 *    waiting on EAGAIN (and the other way round). The write then resumes only if the far end
 *    happens to send something; a silent device never gets the rest of it.
 *    Here every wait arms both watches, so neither can cancel the other. A wakeup meant for
 *    the other side is harmless: the read or write is retried and waits again on EAGAIN.
 * 2. Hang-up spin. After the far end of a pty goes away, read() returns 0 (end of file) and
 *    the stock read retries at once, forever, at full CPU. Here end of file is a disconnect,
 *    which closes the port with a "disconnected" error like any lost device.
 *
 * 3. Latency. The stock read and write go through libuv's thread pool (fs.read, fs.write): two
 *    thread hand-offs per chunk, whose wake-ups under load gave a pty ping a p99 of 100x its
 *    p50. The fd is non-blocking, so here they are plain read(2) and write(2) calls on the
 *    loop's thread, which return at once (EAGAIN when there is nothing to do: then we poll).
 *
 * Everything else (open options, modem lines, drain, close) is the stock binding's. On Windows
 * or any binding without the POSIX poller, ports are left as they are.
 */

type StockBinding = typeof SerialPort.binding;
type StockPort = Awaited<ReturnType<StockBinding['open']>>;

/** The POSIX port binding's public fields the replacements work with. */
interface PosixPort {
  fd: number | null;
  readonly isOpen: boolean;
  readonly poller: EventEmitter & { poll(eventFlags: number): void };
}

// libuv event flags as the native poller takes them.
const UV_READABLE = 1;
const UV_WRITABLE = 2;

function isPosixPort(port: unknown): port is PosixPort {
  if (typeof port !== 'object' || port === null) return false;
  if (!('fd' in port) || !('poller' in port)) return false;
  const { poller } = port as { poller: unknown };
  return (
    poller instanceof EventEmitter && typeof (poller as { poll?: unknown }).poll === 'function'
  );
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

const RETRY_CODES = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR']);

/** The error a read or write in progress must raise when the port is closed under it. */
function canceled(): Error {
  return Object.assign(new Error('Port is not open'), { canceled: true });
}

/** Waits for `event` with both watches armed (see fault 1 above). */
function waitFor(port: PosixPort, event: 'readable' | 'writable'): Promise<void> {
  return new Promise((resolve, reject) => {
    // EventEmitter's own once: the poller's override would arm this one watch alone.
    EventEmitter.prototype.once.call(port.poller, event, (error: Error | null) =>
      error ? reject(error) : resolve(),
    );
    port.poller.poll(UV_READABLE | UV_WRITABLE);
  });
}

async function pollSafeRead(
  port: PosixPort,
  buffer: Buffer,
  offset: number,
  length: number,
): Promise<{ buffer: Buffer; bytesRead: number }> {
  for (;;) {
    if (!port.isOpen || port.fd === null) throw canceled();
    try {
      const bytesRead = readSync(port.fd, buffer, offset, length, null);
      if (bytesRead === 0) {
        throw Object.assign(new Error('the port was hung up (read returned end of file)'), {
          disconnect: true,
        });
      }
      return { buffer, bytesRead };
    } catch (error) {
      if (!RETRY_CODES.has(errorCode(error) ?? '')) throw error;
      if (!port.isOpen) throw canceled();
      await waitFor(port, 'readable');
    }
  }
}

async function pollSafeWrite(port: PosixPort, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    if (!port.isOpen || port.fd === null) throw canceled();
    try {
      const bytesWritten = writeSync(port.fd, buffer, offset, buffer.length - offset);
      offset += bytesWritten;
    } catch (error) {
      if (!RETRY_CODES.has(errorCode(error) ?? '')) throw error;
      if (!port.isOpen) throw canceled();
      await waitFor(port, 'writable');
    }
  }
}

/** Replaces read, write and drain of one opened POSIX port (own properties shadow the class's). */
function makePollSafe(port: StockPort): StockPort {
  if (!isPosixPort(port)) return port;
  const posix: PosixPort = port;
  const stockDrain = port.drain.bind(port);
  let writing: Promise<void> = Promise.resolve();
  return Object.assign(port, {
    read: (buffer: Buffer, offset: number, length: number) =>
      pollSafeRead(posix, buffer, offset, length),
    write: (buffer: Buffer) => {
      writing = pollSafeWrite(posix, buffer);
      return writing;
    },
    drain: async () => {
      await writing;
      await stockDrain();
    },
  });
}

// The stock binding's type is a union over platforms; only its open and list are used here.
const stock = SerialPort.binding as unknown as {
  open(options: unknown): Promise<StockPort>;
  list(): ReturnType<StockBinding['list']>;
};

/** A drop-in for `SerialPort.binding` whose ports read and write without the faults above. */
export const pollSafeBinding = {
  list: () => stock.list(),
  open: async (options: unknown) => makePollSafe(await stock.open(options)),
} as unknown as StockBinding;
