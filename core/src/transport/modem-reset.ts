import type { SerialPort } from 'serialport';
import type { SerialResetLines } from './endpoint.js';
import { errorMessage } from './transport-errors.js';

export const DEFAULT_RESET_PULSE_MS = 100;

export type ResetPulseResult = { pulsed: true } | { pulsed: false; reason: string };

function setLines(port: SerialPort, lines: { dtr?: boolean; rts?: boolean }): Promise<void> {
  return new Promise((resolve, reject) => {
    port.set(lines, (error) => (error ? reject(error) : resolve()));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Drops the chosen modem line(s) for `pulseMs`, then raises them again: the edge resets boards
 * whose auto-reset circuit hangs on DTR or RTS. A line without modem control (a pty, some
 * adapters) refuses the ioctl; that is reported back, not thrown, since the link still works.
 */
export async function pulseResetLines(
  port: SerialPort,
  lines: SerialResetLines,
  pulseMs = DEFAULT_RESET_PULSE_MS,
): Promise<ResetPulseResult> {
  if (lines === 'none') return { pulsed: false, reason: 'no reset asked for' };
  const dtr = lines === 'dtr' || lines === 'both';
  const rts = lines === 'rts' || lines === 'both';
  try {
    // serialport's set() fills unnamed lines with "asserted", so name only what changes.
    await setLines(port, { ...(dtr ? { dtr: false } : {}), ...(rts ? { rts: false } : {}) });
    await sleep(pulseMs);
    await setLines(port, { ...(dtr ? { dtr: true } : {}), ...(rts ? { rts: true } : {}) });
    return { pulsed: true };
  } catch (error) {
    return { pulsed: false, reason: errorMessage(error) };
  }
}
