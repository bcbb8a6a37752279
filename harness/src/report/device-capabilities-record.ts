/** Where a capability value came from, for skip reasons and reports. */
export type CapabilitySource = 'sys-info' | 'target' | 'option' | 'probe';

/**
 * What the harness knows of a device, learnt once per run per target (see
 * scenario/device-capabilities.ts for how); here, below the scenario code, because each
 * target's report records it.
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
