import { NanoRpcError } from '@nanorpc-sim/core';

/** Bad input on the command line (option, endpoint, file): the command exits with status 2. */
export class UsageError extends NanoRpcError {
  declare readonly code: 'ERR_USAGE';

  constructor(message: string, options?: ErrorOptions) {
    super('ERR_USAGE', message, options);
  }
}
