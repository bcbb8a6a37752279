import { emptySpec, planEmpty } from './empty-spec.js';
import { defineStep } from './step-module.js';

export const disconnectStep = defineStep({
  kind: 'disconnect',
  role: 'device-under-test',
  schema: emptySpec('close the connection (the harness side)'),
  plan: planEmpty,
  title: () => 'disconnect',
  run: async (_spec, context) => {
    await context.device().disconnect();
  },
});
