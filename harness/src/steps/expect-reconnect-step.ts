import { defineStep } from './step-module.js';
import { planWithin, withinSpec } from './within-spec.js';

export const expectReconnectStep = defineStep({
  kind: 'expect-reconnect',
  role: 'device-under-test',
  schema: withinSpec('the harness client is connected again (it reconnects by itself)'),
  plan: planWithin,
  title: () => 'expect-reconnect',
  run: async (spec, context) => {
    const device = context.device();
    const started = performance.now();
    await context.waitingFor(
      'the harness client to reconnect',
      device.changes.until(
        () => (device.pendingReconnects > 0 && device.connected ? true : undefined),
        {
          what: 'reconnection of the harness client',
          timeoutMs: spec.withinMs,
          signal: context.signal,
        },
      ),
    );
    device.pendingReconnects = 0;
    device.pendingDisconnects = 0;
    return { latencyMs: performance.now() - started };
  },
});
