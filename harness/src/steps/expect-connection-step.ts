import { defineStep } from './step-module.js';
import { planWithin, withinSpec } from './within-spec.js';

export const expectConnectionStep = defineStep({
  kind: 'expect-connection',
  role: 'client-under-test',
  schema: withinSpec('client-under-test: a client connects to the harness'),
  plan: planWithin,
  title: () => 'expect-connection',
  run: async (spec, context) => {
    const server = context.server();
    const started = performance.now();
    await context.waitingFor(
      `a client to connect to ${server.endpoint}`,
      server.changes.until(() => (server.pendingConnections > 0 ? true : undefined), {
        what: `client connection to ${server.endpoint}`,
        timeoutMs: spec.withinMs,
        signal: context.signal,
      }),
    );
    server.pendingConnections--;
    return { latencyMs: performance.now() - started };
  },
});
