/**
 * Every error the harness raises on purpose carries a stable `code`, so tests and users can
 * match on it instead of on message text (the undici habit).
 */
export class NanoRpcError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
