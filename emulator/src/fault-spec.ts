import { z } from 'zod';
import { NanoRpcError } from '@nanorpc-sim/core';

/** A fault option that cannot be used, named in the message. */
export class FaultSpecError extends NanoRpcError {
  declare readonly code: 'ERR_BAD_FAULT';

  constructor(message: string, options?: ErrorOptions) {
    super('ERR_BAD_FAULT', message, options);
  }
}

const path = z.string().regex(/^\/\S*$/, 'must be a path that starts with "/" and has no spaces');
const MS_RANGE = 'must be from 0 to 3600000 ms';
const milliseconds = z.number().min(0, MS_RANGE).max(3_600_000, MS_RANGE);
const PROBABILITY = 'must be a probability from 0 to 1';
const probability = z.number().min(0, PROBABILITY).max(1, PROBABILITY);
const BAUD_RANGE = 'must be a whole number from 50 to 100000000';
const SEED_RANGE = 'must be a whole number from 0 to 4294967295';
const FRAME_COUNT = 'must be a whole number of frames, at least 1';

/**
 * Every fault the emulator can inject. Transport faults act on bytes the device sends
 * (device -> host); handler faults act on requests to one path.
 */
export const faultSettingsSchema = z.strictObject({
  /** Added to every frame the device sends, in ms. */
  latencyMs: milliseconds.default(0),
  /** Each frame's delay varies uniformly within latency +/- jitter (never below 0), in ms. */
  jitterMs: milliseconds.default(0),
  /** Throttles the device -> host direction to baud / 10 bytes per second (8N1). */
  baud: z.number().int(BAUD_RANGE).min(50, BAUD_RANGE).max(100_000_000, BAUD_RANGE).optional(),
  /** Probability that each byte sent by the device is lost. */
  drop: probability.default(0),
  /** Probability that each byte sent by the device is changed. */
  corrupt: probability.default(0),
  /** Each link closes right after the device has sent this many frames on it. */
  disconnectAfter: z.number().int(FRAME_COUNT).min(1, FRAME_COUNT).optional(),
  /** Requests to these paths are answered only after the given delay, in ms. */
  slow: z.record(path, milliseconds).default({}),
  /** Requests to these paths are never answered. */
  silent: z.array(path).default([]),
  /** Seed of the random choices (jitter, drop, corrupt); a run with the same seed repeats. */
  seed: z.number().int(SEED_RANGE).min(0, SEED_RANGE).max(0xffffffff, SEED_RANGE).optional(),
});

/** Resolved settings, defaults applied. */
export type FaultSettings = z.infer<typeof faultSettingsSchema>;
/** What a caller may pass: any subset of the settings. */
export type FaultInput = z.input<typeof faultSettingsSchema>;

/** Validates settings given as an object (library API); throws FaultSpecError. */
export function validateFaults(input: FaultInput = {}): FaultSettings {
  const result = faultSettingsSchema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues
    .map((issue) => `${issue.path.join('.') || 'faults'}: ${issue.message}`)
    .join('; ');
  throw new FaultSpecError(`bad fault settings: ${details}`, { cause: result.error });
}

/**
 * Overlays `next` on `base`: scalars in `next` win, slow paths are merged and silent paths are
 * added, so `slow=/a:1` and `slow=/b:2` given as two options both apply.
 */
export function mergeFaults(base: FaultInput, next: FaultInput): FaultInput {
  const merged: FaultInput = { ...base, ...next };
  if (base.slow || next.slow) merged.slow = { ...base.slow, ...next.slow };
  if (base.silent || next.silent) {
    merged.silent = [...new Set([...(base.silent ?? []), ...(next.silent ?? [])])];
  }
  return merged;
}

type ItemParser = (value: string, item: string) => FaultInput;

/** A number, optionally followed by `suffix` (e.g. "20ms"). */
function parseNumber(value: string, item: string, suffix = ''): number {
  const text = suffix && value.endsWith(suffix) ? value.slice(0, -suffix.length) : value;
  const number = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(number)) {
    throw new FaultSpecError(`bad fault "${item}": "${value}" is not a number`);
  }
  return number;
}

const ITEM_PARSERS: Record<string, ItemParser> = {
  latency: (value, item) => ({ latencyMs: parseNumber(value, item, 'ms') }),
  jitter: (value, item) => ({ jitterMs: parseNumber(value, item, 'ms') }),
  baud: (value, item) => ({ baud: parseNumber(value, item) }),
  drop: (value, item) => ({ drop: parseNumber(value, item) }),
  corrupt: (value, item) => ({ corrupt: parseNumber(value, item) }),
  'disconnect-after': (value, item) => ({ disconnectAfter: parseNumber(value, item) }),
  seed: (value, item) => ({ seed: parseNumber(value, item) }),
  slow: (value, item) => {
    // The delay follows the last colon, so a path may itself hold colons.
    const colon = value.lastIndexOf(':');
    if (colon <= 0) {
      throw new FaultSpecError(
        `bad fault "${item}": expected slow=<path>:<ms>, e.g. slow=/calc/multiply:500`,
      );
    }
    const slowPath = value.slice(0, colon);
    const checked = path.safeParse(slowPath);
    if (!checked.success) {
      throw new FaultSpecError(`bad fault "${item}": slow ${checked.error.issues[0]?.message}`);
    }
    return { slow: { [slowPath]: parseNumber(value.slice(colon + 1), item, 'ms') } };
  },
  silent: (value) => ({ silent: [value] }),
};

/** Maps the schema's field names back to the CLI names, for messages. */
const CLI_NAMES: Record<string, string> = {
  latencyMs: 'latency',
  jitterMs: 'jitter',
  disconnectAfter: 'disconnect-after',
};

function parseItem(item: string): FaultInput {
  const equals = item.indexOf('=');
  const key = (equals < 0 ? item : item.slice(0, equals)).trim();
  const parser = ITEM_PARSERS[key];
  if (!parser) {
    const known = Object.keys(ITEM_PARSERS).join(', ');
    throw new FaultSpecError(`unknown fault "${key}" in "${item}" (known: ${known})`);
  }
  if (equals < 0 || item.slice(equals + 1).trim() === '') {
    throw new FaultSpecError(`bad fault "${item}": expected ${key}=<value>`);
  }
  const input = parser(item.slice(equals + 1).trim(), item);
  const result = faultSettingsSchema.partial().safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = String(issue?.path[0] ?? key);
    throw new FaultSpecError(
      `bad fault "${item}": ${CLI_NAMES[field] ?? field} ${issue?.message ?? 'is invalid'}`,
      { cause: result.error },
    );
  }
  return input;
}

/**
 * Parses one CLI fault option, e.g. "latency=20", "slow=/calc/multiply:500" or several joined
 * by commas ("drop=0.01,seed=42"). Throws FaultSpecError naming the bad item.
 */
export function parseFaultSpec(text: string): FaultInput {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw new FaultSpecError(`empty fault option "${text}"`);
  return items.reduce<FaultInput>((merged, item) => mergeFaults(merged, parseItem(item)), {});
}

/** Parses and merges several CLI fault options (repeated `--fault`). */
export function parseFaultSpecs(texts: readonly string[]): FaultInput {
  return texts.reduce<FaultInput>((merged, text) => mergeFaults(merged, parseFaultSpec(text)), {});
}
