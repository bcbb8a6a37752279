import { z } from 'zod';

/*
 * The client-driver protocol (docs/conformance.md): commands go to the driver as JSON lines on
 * its stdin; results (with "id") and events (with "event") come back as JSON lines on stdout.
 * It is the protocol of interop/go-reference's nanorpc-ref-client, so every client is judged
 * through the same lines. Payloads are hex strings.
 */

export const DRIVER_COMMANDS = [
  'connect',
  'ping',
  'request',
  'subscribe',
  'unsubscribe',
  'wait_updates',
  'close',
  'reconnect',
] as const;
export type DriverCommandName = (typeof DRIVER_COMMANDS)[number];

/** Error codes of a result with "ok": false. `unsupported`: the driver cannot do it (a reason). */
export const DRIVER_ERROR_CODES = [
  'bad_command',
  'not_connected',
  'already_connected',
  'connect_failed',
  'send_failed',
  'timeout',
  'disconnected',
  'unsupported',
] as const;

export const DriverLine = z.looseObject({
  id: z.unknown().optional(),
  event: z.string().optional(),
  ok: z.boolean().optional(),
  error: z.looseObject({ code: z.string(), message: z.string().optional() }).optional(),
  request_id: z.number().optional(),
  type: z.string().optional(),
  status: z.union([z.string(), z.number()]).optional(),
  status_code: z.number().optional(),
  message: z.string().optional(),
  data: z.string().optional(),
  n: z.number().optional(),
  updates: z
    .array(
      z.looseObject({
        n: z.number().optional(),
        request_id: z.number().optional(),
        data: z.string(),
      }),
    )
    .optional(),
});
export type DriverLine = z.infer<typeof DriverLine>;

/** A command line as sent; `id` is filled by the sender. */
export type DriverCommand = { cmd: string } & Record<string, unknown>;

/** A line the driver wrote, with when it arrived (ms since the case started). */
export interface DriverRecord {
  atMs: number;
  direction: 'to-driver' | 'from-driver';
  text: string;
  line?: DriverLine;
}

/** Hex as the driver protocol writes it: lower case, no separators; whitespace ignored on input. */
export function normalizeHex(hex: string): string {
  return hex.replace(/[\s:-]/g, '').toLowerCase();
}
