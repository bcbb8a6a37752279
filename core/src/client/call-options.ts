/** Options every client call takes. */
export interface CallOptions {
  /** Overrides the client's requestTimeoutMs for this call; the time spent queued counts. */
  timeoutMs?: number;
  /** Aborting fails the call with AbortedError (code ERR_ABORTED). */
  signal?: AbortSignal;
}

/** Options of request() and call(). */
export interface RequestOptions extends CallOptions {
  /** Send this path as its hash (or as its string when false), whatever alwaysHashPaths says. */
  hashPath?: boolean;
}
