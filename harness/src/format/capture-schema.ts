import { z } from 'zod';
import { VariableName } from './variable-name.js';

const CaptureSource = z
  .string()
  .regex(
    /^(?:status|message|hex|utf8|json(?:\.[A-Za-z0-9_]+)*|requestId|path|latencyMs|count)$/,
    'expected status, message, hex, utf8, json, json.<field>..., requestId, path, latencyMs or count',
  );

export const Capture = z
  .record(VariableName, CaptureSource)
  .describe(
    'variables to set from what was received: name -> source, where source is status, ' +
      'message, hex, utf8, json, json.<field>.<field>, requestId, path, latencyMs, count',
  );

export type CaptureInput = z.infer<typeof Capture>;
