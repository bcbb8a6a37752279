import { z } from 'zod';

/** The spec of a step that takes no options: `- disconnect:` (null) or `{}`. */
export function emptySpec(description: string) {
  return z.strictObject({}).nullable().describe(description);
}

/** Planned, an empty step's spec is {}. */
export function planEmpty(): Record<string, never> {
  return {};
}
