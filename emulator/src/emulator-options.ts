import { z } from 'zod';
import { type FrameTrace, NanoRpcError } from '@nanorpc-sim/core';
import { type FaultInput, parseFaultSpecs, validateFaults } from './fault-spec.js';

/** Emulator options that cannot be used. */
export class EmulatorOptionsError extends NanoRpcError {
  declare readonly code: 'ERR_BAD_EMULATOR_OPTIONS';

  constructor(message: string, options?: ErrorOptions) {
    super('ERR_BAD_EMULATOR_OPTIONS', message, options);
  }
}

export interface EmulatorLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface EmulatorOptions {
  /**
   * Where the device listens: `tcp://host:port` (port 0 picks one), `unix:///path`,
   * `serial:///dev/ttyX` (a line that already exists), or `pty` / `pty:///dir` for a
   * pseudo-terminal pair the emulator makes with socat (links `<dir>/device` and `<dir>/host`;
   * without a dir, a temporary one).
   */
  listen: string;
  /** Faults, as settings or as CLI strings (`latency=20`, `slow=/calc/multiply:500`, ...). */
  faults?: FaultInput | readonly string[];
  /** Largest frame the device accepts (reported by /sys/info). */
  maxFrameSize?: number;
  /** Subscriptions per session (reported by /sys/info). */
  maxSubscriptions?: number;
  maxInFlightPerSession?: number;
  deviceName?: string;
  firmwareVersion?: string;
  /** Folder holding a variant of demo_device.proto (default: the schema built into the package). */
  protoDir?: string;
  logger?: EmulatorLogger;
  trace?: FrameTrace;
}

const dataSchema = z.strictObject({
  listen: z.string().trim().min(1, 'listen must name an endpoint, e.g. tcp://127.0.0.1:0 or pty'),
  maxFrameSize: z.number().int().min(16).max(0xffffffff).optional(),
  maxSubscriptions: z.number().int().min(0).max(65535).optional(),
  maxInFlightPerSession: z.number().int().min(1).optional(),
  deviceName: z.string().max(32, 'deviceName has at most 32 characters').optional(),
  firmwareVersion: z.string().max(16, 'firmwareVersion has at most 16 characters').optional(),
  protoDir: z.string().min(1).optional(),
});

export type EmulatorData = z.infer<typeof dataSchema>;

/** Validates the options once, at start; faults given as CLI strings are parsed here. */
export function validateEmulatorOptions(options: EmulatorOptions): {
  data: EmulatorData;
  faults: FaultInput;
} {
  const { faults, logger: _logger, trace: _trace, ...data } = options;
  const result = dataSchema.safeParse(data);
  if (!result.success) {
    const details = result.error.issues
      .map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`)
      .join('; ');
    throw new EmulatorOptionsError(`bad emulator options: ${details}`, { cause: result.error });
  }
  const faultInput = isSpecList(faults) ? parseFaultSpecs(faults) : (faults ?? {});
  validateFaults(faultInput);
  return { data: result.data, faults: faultInput };
}

function isSpecList(faults: EmulatorOptions['faults']): faults is readonly string[] {
  return Array.isArray(faults);
}
