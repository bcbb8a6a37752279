import { emptySpec, planEmpty } from './empty-spec.js';
import { defineStep } from './step-module.js';

export const dropConnectionStep = defineStep({
  kind: 'drop-connection',
  role: 'client-under-test',
  schema: emptySpec('client-under-test: close the client sessions'),
  plan: planEmpty,
  title: () => 'drop-connection',
  run: async (_spec, context) => {
    await context.waitingFor('the client sessions to close', context.server().dropConnections());
  },
});
