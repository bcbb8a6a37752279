import { NanoRpcError } from './nanorpc-error.js';

/** Options given to a client or server constructor are invalid; the message names each one. */
export class InvalidOptionsError extends NanoRpcError {
  declare readonly code: 'ERR_INVALID_OPTIONS';

  constructor(message: string, options?: ErrorOptions) {
    super('ERR_INVALID_OPTIONS', message, options);
  }
}
