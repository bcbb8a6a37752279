import { NanoRpcError } from '../errors/nanorpc-error.js';

/** Codes of the framing layer: the length prefix and the frame as a whole. */
export type FrameErrorCode =
  'ERR_VARINT_TOO_LONG' | 'ERR_FRAME_TOO_LARGE' | 'ERR_TRUNCATED_FRAME' | 'ERR_MALFORMED_BODY';

/** A frame that cannot be accepted; on a stream transport it ends the session. */
export class FrameError extends NanoRpcError {
  declare readonly code: FrameErrorCode;

  constructor(code: FrameErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
