import { z } from 'zod';
import { durationMs } from '../format/duration.js';
import { UsageError } from './usage-error.js';

/*
 * Command-line options arrive as text; zod checks and converts them once, and a problem
 * becomes a UsageError (exit status 2) naming the option.
 */

export const positiveInteger = z
  .string()
  .regex(/^[1-9]\d*$/, 'expected a whole number of at least 1')
  .transform(Number);

export const nonNegativeInteger = z
  .string()
  .regex(/^\d+$/, 'expected a whole number')
  .transform(Number);

/** 250ms, 2s, 1m, or a number of milliseconds. */
export const durationOption = z
  .string()
  .regex(/^\d+(?:\.\d+)?\s*(?:ms|s|m)?$/, 'expected a duration like 500ms, 2s or 1m')
  .transform((text) => (/^\d+(?:\.\d+)?$/.test(text) ? Number(text) : durationMs(text)));

export const hexOption = z
  .string()
  .regex(/^(?:[0-9a-fA-F]{2}[\s:-]?)*$/, 'expected hex bytes, e.g. 0a1b or "0a 1b"');

/** Commander's accumulator for an option that may be given more than once. */
export const collectRepeated = (value: string, previous: string[] = []): string[] => [
  ...previous,
  value,
];

const kebab = (name: string): string =>
  name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** Validates commander's option object; UsageError "--name: problem" on the first problem. */
export function validateOptions<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    // A rule about several options together (e.g. "only one of") names them in its message.
    if (issue.path.length === 0) return issue.message;
    let value: unknown = (raw as Record<string, unknown>)[String(issue.path[0])];
    // A repeatable option is an array: show the one value that is wrong.
    if (Array.isArray(value) && typeof issue.path[1] === 'number') value = value[issue.path[1]];
    const shown = typeof value === 'string' ? ` (got "${value}")` : '';
    return `--${kebab(String(issue.path[0]))}: ${issue.message}${shown}`;
  });
  throw new UsageError(problems.join('; '));
}
