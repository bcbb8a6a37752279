import {
  CapabilityValues,
  CAPABILITY_KEYS,
  type CapabilityValuesOutput,
} from '../scenario/device-capabilities.js';
import { closestWord } from '../spelling/closest-word.js';
import { UsageError } from './usage-error.js';

/** --capability maxFrameSize=512 --capability paths=/echo,/sys/info, checked by zod. */
export function capabilityOptions(entries: readonly string[]): CapabilityValuesOutput {
  const raw: Record<string, string> = {};
  for (const entry of entries) {
    const index = entry.indexOf('=');
    const key = entry.slice(0, index);
    if (!(CAPABILITY_KEYS as readonly string[]).includes(key)) {
      const suggestion = closestWord(key, CAPABILITY_KEYS);
      throw new UsageError(
        `--capability: unknown key ${key}${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}; ` +
          `known: ${CAPABILITY_KEYS.join(', ')}`,
      );
    }
    raw[key] = entry.slice(index + 1);
  }
  const parsed = CapabilityValues.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  throw new UsageError(
    `--capability ${key}: ${issue?.message ?? 'bad value'} (got "${raw[key] ?? ''}")`,
  );
}
