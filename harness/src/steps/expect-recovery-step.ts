import { awaitRecovery, DEFAULT_RECOVERY_MS } from './device-recovery.js';
import { defineStep } from './step-module.js';
import { planWithin, withinSpec } from './within-spec.js';

export const expectRecoveryStep = defineStep({
  kind: 'expect-recovery',
  role: 'device-under-test',
  schema: withinSpec('the device answers a ping again, reconnecting if the link dropped'),
  plan: planWithin,
  title: () => 'expect-recovery',
  run: async (spec, context) => {
    const latencyMs = await context.waitingFor(
      'the device to answer a ping again',
      awaitRecovery(
        context.device(),
        context,
        spec.withinMs ?? DEFAULT_RECOVERY_MS,
        'expect-recovery',
      ),
    );
    return { latencyMs };
  },
});
