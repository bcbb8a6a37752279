import { defineStep } from './step-module.js';
import { planWithin, withinSpec } from './within-spec.js';

/** The peer closed the link (device-under-test) or the client closed it (client-under-test). */
export const expectDisconnectStep = defineStep({
  kind: 'expect-disconnect',
  role: 'both',
  schema: withinSpec('the peer closes the connection'),
  plan: planWithin,
  title: () => 'expect-disconnect',
  run: async (spec, context) => {
    const clientUnderTest = context.role === 'client-under-test';
    const owner = clientUnderTest ? context.server() : context.device();
    const what = clientUnderTest ? 'disconnect of the client' : 'disconnect by the device';
    await context.waitingFor(
      `the ${what}`,
      owner.changes.until(() => (owner.pendingDisconnects > 0 ? true : undefined), {
        what,
        timeoutMs: spec.withinMs,
        signal: context.signal,
      }),
    );
    owner.pendingDisconnects--;
  },
});
