import { z } from 'zod';

export const VariableName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'expected a variable name (letters, digits, _; not starting with a digit)',
  );
