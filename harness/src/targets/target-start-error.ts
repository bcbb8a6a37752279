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
