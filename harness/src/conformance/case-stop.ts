/** Stops a client case: the driver cannot do what the case needs (UNSUPPORTED) or a step failed. */
export class CaseStop extends Error {
  constructor(
    readonly kind: 'unsupported' | 'failed',
    message: string,
  ) {
    super(message);
  }
}
