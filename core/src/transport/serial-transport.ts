import { SerialPort } from 'serialport';
import { formatEndpoint, resetLinesOf, type SerialEndpoint } from './endpoint.js';
import { DEFAULT_RESET_PULSE_MS, pulseResetLines, type ResetPulseResult } from './modem-reset.js';
import { TransportBase } from './transport-base.js';
import {
  ConnectError,
  TransportClosedError,
  TransportError,
  errorMessage,
} from './transport-errors.js';
import type { FramingRecovery } from './transport.js';
import { pollSafeBinding } from './poll-safe-binding.js';

export interface SerialOpenOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** How long the reset line(s) stay dropped when the endpoint asks for a reset. */
  resetPulseMs?: number;
  /**
   * Use serialport's stock binding instead of the poll-safe one (see poll-safe-binding.ts).
   * Only for measuring the faults the poll-safe binding avoids.
   */
  stockBinding?: boolean;
}

export const DEFAULT_SERIAL_OPEN_TIMEOUT_MS = 10_000;

/**
 * A serial line as a Transport. There is no connection to lose on a serial line, so a bad
 * frame does not end the session: the framed link resynchronises instead.
 */
export class SerialTransport extends TransportBase {
  readonly kind = 'serial' as const;
  readonly recovery: FramingRecovery = 'resync';
  readonly resyncIdleMs: number;
  readonly serialEndpoint: SerialEndpoint;
  private readonly port: SerialPort;
  private portError: Error | undefined;
  private closing: Promise<void> | undefined;

  /** Takes an open port; see openSerialTransport. */
  constructor(port: SerialPort, endpoint: SerialEndpoint) {
    super(endpoint.text || formatEndpoint(endpoint), endpoint.path);
    this.serialEndpoint = endpoint;
    this.resyncIdleMs = endpoint.resyncIdleMs;
    this.port = port;
    port.on('data', (chunk: Buffer) => this.receive(chunk));
    port.on('error', (error: Error) => {
      // Writes cut short by our own close() fail too; that is not a reason to report.
      if (this.closing) return;
      this.portError ??= new TransportError(
        'ERR_TRANSPORT_IO',
        `serial port ${endpoint.path}: ${error.message}`,
        { cause: error },
      );
    });
    port.once('close', (error?: Error | null) => {
      const disconnected =
        error && (error as { disconnected?: boolean }).disconnected
          ? new TransportError(
              'ERR_TRANSPORT_IO',
              `serial port ${endpoint.path} disconnected: ${error.message}`,
              { cause: error },
            )
          : undefined;
      this.emitClose(this.portError ?? disconnected);
    });
    if (!port.isOpen) queueMicrotask(() => this.emitClose(this.portError));
  }

  get closed(): boolean {
    return this.closeReported || !this.port.isOpen;
  }

  /**
   * Drops DTR and/or RTS for `pulseMs`, then raises them: resets boards with an auto-reset
   * circuit. A line without modem control (a pty) answers `pulsed: false` with the reason.
   */
  pulseReset(
    lines: 'dtr' | 'rts' | 'both',
    pulseMs = DEFAULT_RESET_PULSE_MS,
  ): Promise<ResetPulseResult> {
    return pulseResetLines(this.port, lines, pulseMs);
  }

  /** Adds a notice (used for open-time findings such as "no modem lines"). */
  report(message: string): void {
    this.notice(message);
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed || this.closing) {
      return Promise.reject(
        new TransportClosedError(`cannot write: serial port ${this.remote} is closed`),
      );
    }
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return new Promise<void>((resolve, reject) => {
      this.port.write(buffer, (error) => {
        if (error) {
          reject(
            new TransportClosedError(
              `write failed: serial port ${this.remote}: ${errorMessage(error)}`,
              { cause: error },
            ),
          );
        } else resolve();
      });
    });
  }

  close(): Promise<void> {
    if (this.closeReported) return Promise.resolve();
    this.closing ??= new Promise<void>((resolve) => {
      this.once('close', () => resolve());
      if (!this.port.isOpen) {
        this.emitClose(this.portError);
        return;
      }
      this.port.close((error) => {
        // A failed close still leaves nothing usable; report it as the close reason.
        if (error) {
          this.portError ??= new TransportError(
            'ERR_TRANSPORT_IO',
            `closing serial port ${this.remote}: ${error.message}`,
            { cause: error },
          );
          this.emitClose(this.portError);
        }
      });
    });
    return this.closing;
  }
}

function unsupportedFraming(endpoint: SerialEndpoint): string | undefined {
  if (process.platform === 'win32') return undefined;
  if (endpoint.parity === 'mark' || endpoint.parity === 'space') {
    return `parity ${endpoint.parity} is not supported by the serialport binding on ${process.platform} (use none, even or odd)`;
  }
  if (endpoint.stopBits === 1.5) {
    return `1.5 stop bits are not supported by the serialport binding on ${process.platform} (use 1 or 2)`;
  }
  return undefined;
}

/**
 * Opens the port with the endpoint's line settings (exclusive lock), then pulses the reset
 * line(s) if the endpoint asks for it. A line without modem control is noted, not failed.
 */
export async function openSerialTransport(
  endpoint: SerialEndpoint,
  options: SerialOpenOptions = {},
): Promise<SerialTransport> {
  const text = endpoint.text || formatEndpoint(endpoint);
  const unsupported = unsupportedFraming(endpoint);
  if (unsupported)
    throw new ConnectError('ERR_CONNECT_FAILED', `cannot open ${text}: ${unsupported}`);
  const { signal } = options;
  if (signal?.aborted) throw new ConnectError('ERR_ABORTED', `opening ${text} was aborted`);

  const portOptions = {
    ...(options.stockBinding ? {} : { binding: pollSafeBinding }),
    path: endpoint.path,
    baudRate: endpoint.baudRate,
    dataBits: endpoint.dataBits,
    parity: endpoint.parity as 'none' | 'even' | 'odd',
    stopBits: endpoint.stopBits as 1 | 2,
    lock: true,
    autoOpen: false,
  };
  // SerialPort's options type hides `binding`, but the constructor takes it (it spreads the
  // options over its default binding).
  const port = new SerialPort(portOptions);
  // Errors after open are read from 'close'; this only keeps a stray one from crashing us.
  port.on('error', () => {});
  const timeoutMs = options.timeoutMs ?? DEFAULT_SERIAL_OPEN_TIMEOUT_MS;

  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) {
        // If the open completes later, close it again so the port is not left locked.
        if (port.isOpen) port.close();
        else port.once('open', () => port.close());
        reject(error);
      } else resolve();
    };
    const onAbort = (): void =>
      finish(new ConnectError('ERR_ABORTED', `opening ${text} was aborted`));
    const timer = setTimeout(
      () =>
        finish(
          new ConnectError('ERR_CONNECT_TIMEOUT', `could not open ${text} within ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    port.open((error) => {
      if (!error) {
        finish();
        return;
      }
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(
        new ConnectError(
          'ERR_CONNECT_FAILED',
          `cannot open ${text}: ${error.message.replace(/^Error: /, '')}`,
          {
            cause: error,
          },
        ),
      );
    });
  });

  const transport = new SerialTransport(port, endpoint);
  const resetLines = resetLinesOf(endpoint);
  if (resetLines !== 'none') {
    const result = await pulseResetLines(
      port,
      resetLines,
      options.resetPulseMs ?? DEFAULT_RESET_PULSE_MS,
    );
    if (!result.pulsed) {
      transport.report(
        `no modem lines on ${endpoint.path} (${result.reason}); reset=${resetLines} skipped`,
      );
    }
  }
  return transport;
}
