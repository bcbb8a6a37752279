import { defineStep } from './step-module.js';
import { planWithin, withinSpec } from './within-spec.js';

/** A brand-new client and connection (after `disconnect`, or with autoConnect off). */
export const connectStep = defineStep({
  kind: 'connect',
  role: 'device-under-test',
  schema: withinSpec(
    'open a fresh connection to the target (after `disconnect`, or with autoConnect off)',
  ),
  plan: planWithin,
  title: () => 'connect',
  run: async (spec, context) => {
    const started = performance.now();
    await context.waitingFor(
      `the connection to ${context.target?.endpoint ?? 'the target'}`,
      context.device().connect({ timeoutMs: spec.withinMs, signal: context.signal }),
    );
    return { latencyMs: performance.now() - started };
  },
});
