import { NanoRpcError } from '../errors/nanorpc-error.js';
import { statusName, type NanoRpcResponse, type Status } from './messages.js';

/**
 * A NanoRPC status other than STATUS_OK, on both sides of the wire. A server handler throws it
 * to answer with `status` and `responseMessage`; the client's call() throws it when the answer
 * was not STATUS_OK, with the whole `response` attached. Being one class, a handler that proxies
 * to another device can let the downstream error through unchanged.
 */
export class StatusError extends NanoRpcError {
  declare readonly code: 'ERR_STATUS';
  readonly status: Status | number;
  /** The response_message sent or received (may be empty). */
  readonly responseMessage: string;
  /** The response that carried the status (client side only). */
  readonly response: NanoRpcResponse | undefined;

  constructor(status: Status | number, responseMessage = '', response?: NanoRpcResponse) {
    const name = statusName(status);
    super('ERR_STATUS', responseMessage === '' ? name : `${name}: ${responseMessage}`);
    this.status = status;
    this.responseMessage = responseMessage;
    this.response = response;
  }

  /** The error a client raises for a non-OK `response`; `what` names the call for the message. */
  static fromResponse(response: NanoRpcResponse, what: string): StatusError {
    const error = new StatusError(response.responseStatus, response.responseMessage, response);
    error.message = `${what} answered ${error.message}`;
    return error;
  }
}
