import type { z } from 'zod';

/** A refinement: exactly one (or, with `optional`, at most one) of `keys` is present. */
export function exactlyOne(keys: readonly string[], optional = false) {
  return (value: Record<string, unknown>, ctx: z.core.$RefinementCtx): void => {
    const present = keys.filter((key) => value[key] !== undefined);
    if (present.length === 1 || (optional && present.length === 0)) return;
    const message =
      present.length === 0
        ? `needs one of ${keys.join(', ')}`
        : `takes only one of ${keys.join(', ')}, found ${present.join(' and ')}`;
    ctx.addIssue({ code: 'custom', message, input: value });
  };
}
