import { type JsonObject, statusName } from '@nanorpc-sim/core';
import { bytesToHex } from './hex-bytes.js';
import { readJsonPath } from './json-match.js';
import { StepFailure } from './step-failure.js';
import type { VariableScope } from './variables.js';

/** What a step received, for `capture:`; fields a step cannot provide stay undefined. */
export interface CaptureSource {
  status?: number;
  message?: string;
  data?: Uint8Array;
  /** Decodes `data` (typed payloads); called only when a json source is captured. */
  decode?: () => JsonObject;
  requestId?: number;
  path?: string;
  latencyMs?: number;
  count?: number;
}

function valueOf(source: CaptureSource, expression: string): unknown {
  switch (expression) {
    case 'status':
      return source.status === undefined ? undefined : statusName(source.status);
    case 'message':
      return source.message;
    case 'hex':
      return source.data === undefined ? undefined : bytesToHex(source.data);
    case 'utf8':
      return source.data === undefined ? undefined : Buffer.from(source.data).toString('utf8');
    case 'requestId':
      return source.requestId;
    case 'path':
      return source.path;
    case 'latencyMs':
      return source.latencyMs === undefined
        ? undefined
        : Math.round(source.latencyMs * 1000) / 1000;
    case 'count':
      return source.count;
  }
  if (expression === 'json' || expression.startsWith('json.')) {
    if (source.decode === undefined) return undefined;
    const json = source.decode();
    return expression === 'json' ? json : readJsonPath(json, expression.slice('json.'.length));
  }
  return undefined;
}

/** Sets the variables named in `capture` from what the step received. */
export function applyCapture(
  capture: Record<string, string> | undefined,
  source: CaptureSource,
  variables: VariableScope,
): void {
  if (capture === undefined) return;
  for (const [name, expression] of Object.entries(capture)) {
    const value = valueOf(source, expression);
    if (value === undefined) {
      throw new StepFailure(`capture ${name}: this step received no ${expression}`);
    }
    variables.set(name, value);
  }
}
