import { NanoRpcError } from '@nanorpc-sim/core';

/**
 * A step's expectation was not met. `expected` and `received` go to the report as they are
 * (plain JSON-friendly values), so a reader sees both sides without reading the trace.
 */
export class StepFailure extends NanoRpcError {
  declare readonly code: 'ERR_STEP_FAILED';
  readonly expected: unknown;
  readonly received: unknown;

  constructor(
    message: string,
    details: { expected?: unknown; received?: unknown } = {},
    options?: ErrorOptions,
  ) {
    super('ERR_STEP_FAILED', message, options);
    this.expected = details.expected;
    this.received = details.received;
  }
}

/** A step or scenario time limit was reached; the message says what was awaited. */
export class TimeLimitError extends NanoRpcError {
  declare readonly code: 'ERR_TIME_LIMIT';

  constructor(message: string) {
    super('ERR_TIME_LIMIT', message);
  }
}
