import { NanoRpcError } from '@nanorpc-sim/core';

/**
 * A built-in target could not start: the firmware did not build, a program is missing, or the
 * device never said it was ready. The message says what to install or which setting to give.
 */
export class TargetStartError extends NanoRpcError {
  declare readonly code: 'ERR_TARGET_START';

  constructor(message: string, options?: ErrorOptions) {
    super('ERR_TARGET_START', message, options);
  }
}

/** Targets that are real firmware cannot inject faults; saying so beats ignoring --fault. */
export function refuseFaults(target: string, faults: readonly string[]): void {
  if (faults.length === 0) return;
  throw new TargetStartError(
    `target ${target} cannot inject faults (--fault ${faults.join(', ')}): ` +
      'faults are an emulator feature (--target emulator or emulator-pty)',
  );
}
