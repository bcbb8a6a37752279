import { z } from 'zod';
import type { CapabilitySource, DeviceCapabilities } from '../report/device-capabilities-record.js';

export type { CapabilitySource, DeviceCapabilities } from '../report/device-capabilities-record.js';

/*
 * A device's capabilities come from /sys/info where the device serves it, from the target's
 * settings (a targets file) and from --capability: the values people give, and how they layer.
 */

export const CAPABILITY_KEYS = [
  'maxFrameSize',
  'maxSubscriptions',
  'firmwareVersion',
  'deviceName',
  'paths',
] as const;

const wholeNumber = z.union([
  z.number().int().min(0),
  z.string().regex(/^\d+$/, 'expected a whole number').transform(Number),
]);

/** Capabilities given by people (--capability KEY=VALUE, a targets file's `capabilities:`). */
export const CapabilityValues = z.strictObject({
  maxFrameSize: wholeNumber.optional(),
  maxSubscriptions: wholeNumber.optional(),
  firmwareVersion: z.string().optional(),
  deviceName: z.string().optional(),
  paths: z
    .union([
      z.array(z.string()),
      z.string().transform((text) => text.split(',').filter((path) => path !== '')),
    ])
    .describe('every path the device serves (comma-separated on the command line)')
    .optional(),
});

export type CapabilityValuesInput = z.input<typeof CapabilityValues>;
export type CapabilityValuesOutput = z.output<typeof CapabilityValues>;

export function emptyCapabilities(): DeviceCapabilities {
  return { paths: {}, pathsComplete: false, sources: {} };
}

/** Lays `values` over `base` (later sources win: option over target over /sys/info). */
export function withCapabilities(
  base: DeviceCapabilities,
  values: CapabilityValuesOutput,
  source: CapabilitySource,
): DeviceCapabilities {
  const next: DeviceCapabilities = {
    ...base,
    paths: { ...base.paths },
    sources: { ...base.sources },
  };
  for (const key of ['maxFrameSize', 'maxSubscriptions'] as const) {
    const value = values[key];
    if (value === undefined) continue;
    next[key] = value;
    next.sources[key] = source;
  }
  for (const key of ['firmwareVersion', 'deviceName'] as const) {
    const value = values[key];
    if (value === undefined) continue;
    next[key] = value;
    next.sources[key] = source;
  }
  if (values.paths !== undefined) {
    next.paths = Object.fromEntries(values.paths.map((path) => [path, true]));
    next.pathsComplete = true;
    next.sources['paths'] = source;
  }
  return next;
}
