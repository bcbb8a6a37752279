import { z } from 'zod';
import { VariableName } from '../format/variable-name.js';
import { defineStep } from './step-module.js';

export const setStep = defineStep({
  kind: 'set',
  role: 'both',
  schema: z.record(VariableName, z.unknown()).describe('set variables'),
  plan: (input) => input,
  title: (spec) => `set ${Object.keys(spec).join(', ')}`,
  run: async (spec, context) => {
    for (const [name, value] of Object.entries(spec))
      context.variables.set(name, context.variables.interpolate(value));
  },
});
