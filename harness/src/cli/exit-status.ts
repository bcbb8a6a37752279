/** The command's exit statuses, as documented in the README. */
export const ExitStatus = {
  /** Every scenario passed; a call answered STATUS_OK. */
  Ok: 0,
  /** A scenario failed; a call answered another status; the device did not answer. */
  Failed: 1,
  /** Bad input: file, endpoint, option. */
  BadInput: 2,
} as const;

export type ExitStatus = (typeof ExitStatus)[keyof typeof ExitStatus];
