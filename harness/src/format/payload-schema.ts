import { z } from 'zod';
import { exactlyOne } from './exactly-one.js';

/** Hex digits, optionally separated by spaces, colons or dashes; `${var}` may stand for bytes. */
export const HexText = z
  .string()
  .regex(
    /^(?:[0-9a-fA-F\s:-]|\$\{[A-Za-z_][A-Za-z0-9_.]*\})*$/,
    'expected hex digits (spaces, ":" and "-" allowed) or ${variable}',
  )
  .describe('bytes as hex, e.g. "0a 1b ff" or "0a1bff"');

export const JsonObjectValue = z
  .record(z.string(), z.unknown())
  .describe('a protobuf message in the proto3 JSON mapping (camelCase or snake_case keys)');

/** Data to send: exactly one of hex, utf8, json. */
export const Payload = z
  .strictObject({
    hex: HexText.optional(),
    utf8: z.string().describe('the UTF-8 bytes of this text').optional(),
    json: JsonObjectValue.optional(),
    type: z
      .string()
      .describe(
        'message type of `json`, e.g. demo.MultiplyRequest; by default the type the .proto ' +
          "service gives the path's request",
      )
      .optional(),
  })
  .superRefine(exactlyOne(['hex', 'utf8', 'json']))
  .describe('bytes to send: exactly one of hex, utf8 or json (a typed message)');

export type PayloadInput = z.infer<typeof Payload>;
