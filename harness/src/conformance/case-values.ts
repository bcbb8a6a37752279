import { parseStatus } from '@nanorpc-sim/core';
import { normalizeHex } from './driver-protocol.js';

/** Bytes written in a case file as hex (spaces allowed). */
export const hexBytes = (hex: string | undefined): Uint8Array | undefined =>
  hex === undefined ? undefined : Buffer.from(normalizeHex(hex), 'hex');

/** A status written in a case file by name (STATUS_NOT_FOUND) or number. */
export function statusValue(status: string | number | undefined): number | undefined {
  if (status === undefined) return undefined;
  return typeof status === 'number' ? status : parseStatus(status);
}
