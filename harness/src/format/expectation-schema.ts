import { z } from 'zod';
import { Duration } from './duration.js';
import { exactlyOne } from './exactly-one.js';
import { HexText, JsonObjectValue } from './payload-schema.js';

const STATUS_NAMES = [
  'OK',
  'NOT_FOUND',
  'NOT_AUTHORIZED',
  'INTERNAL_ERROR',
  'UNSPECIFIED',
] as const;
export const StatusName = z
  .enum([...STATUS_NAMES, ...STATUS_NAMES.map((name) => `STATUS_${name}` as const), 'any'])
  .describe('a response status, with or without the STATUS_ prefix; `any` checks nothing');

/** What received data must look like: exactly one of hex, utf8, json, pattern. */
export const DataMatch = z
  .strictObject({
    hex: HexText.optional(),
    utf8: z.string().optional(),
    json: JsonObjectValue.optional(),
    pattern: z
      .string()
      .describe('a regular expression the data, read as UTF-8, must match')
      .optional(),
    type: z
      .string()
      .describe(
        "message type to decode the data with; by default the .proto service's type for the path",
      )
      .optional(),
    match: z
      .enum(['exact', 'partial', 'prefix', 'contains'])
      .describe(
        'json: partial (default: the fields given must match, others are ignored) or exact; ' +
          'hex/utf8: exact (default), prefix or contains',
      )
      .optional(),
    flags: z
      .string()
      .regex(/^[imsu]*$/)
      .describe('flags of `pattern`')
      .optional(),
  })
  .superRefine(exactlyOne(['hex', 'utf8', 'json', 'pattern']))
  .describe(
    'expected data: exactly one of hex, utf8, json or pattern. In json, a value may be an ' +
      'operator object: {$gt|$gte|$lt|$lte: n}, {$pattern: "regex"}, {$any: true}',
  );

export const TextMatch = z
  .union([
    z.string().describe('the exact text'),
    z.strictObject({
      pattern: z.string(),
      flags: z
        .string()
        .regex(/^[imsu]*$/)
        .optional(),
    }),
    z.strictObject({ contains: z.string() }),
  ])
  .describe('text: exact, {pattern: regex}, or {contains: text}');

/** The fields that check an answer (request, expect-response). */
export const ResponseExpectFields = {
  status: StatusName.describe('expected status (default OK; `any` checks nothing)').optional(),
  message: TextMatch.optional(),
  data: DataMatch.optional(),
  within: Duration.describe('the answer must arrive within this time').optional(),
};

export const ResponseExpect = z.strictObject(ResponseExpectFields);

/** What an acknowledgement (subscribe, unsubscribe) must carry. */
export const AckExpect = z.strictObject({
  status: StatusName.optional(),
  message: TextMatch.optional(),
  within: Duration.optional(),
});

export type DataMatchInput = z.infer<typeof DataMatch>;
export type TextMatchInput = z.infer<typeof TextMatch>;
export type StatusNameInput = z.infer<typeof StatusName>;
export type ResponseExpectInput = z.infer<typeof ResponseExpect>;
