import { z } from 'zod';

/** Where a capability value came from, for skip reasons and reports. */
export type CapabilitySource = 'sys-info' | 'target' | 'option' | 'probe';

/**
 * What the harness knows of a device, learnt once per run per target: from /sys/info where the
 * device serves it, from the target's settings (a targets file), from --capability.
 */
export interface DeviceCapabilities {
  maxFrameSize?: number;
  maxSubscriptions?: number;
  firmwareVersion?: string;
  deviceName?: string;
  /** Paths asked about by `requires.paths`: present or not. */
  paths: Record<string, boolean>;
  /** True when `paths` lists every path the device has (given as a capability, not probed). */
  pathsComplete: boolean;
  /** Source of each value above, by key. */
  sources: Record<string, CapabilitySource>;
  /** Why /sys/info gave nothing, when it did not. */
  note?: string;
}

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
