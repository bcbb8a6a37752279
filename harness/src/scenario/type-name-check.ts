import type { ScenarioFileIssue } from './scenario-file-error.js';
import type { ScenarioPayloads } from '../runtime/scenario-payloads.js';
import type { SourceLocator, SourcePath } from './source-locator.js';

/** Keys whose object value is a payload or data match, whose `type` names a message. */
const PAYLOAD_KEYS = new Set(['data', 'filter', 'each']);
const TYPE_KEYS = new Set(['responseType', 'updateType']);

/**
 * Checks every message type a scenario names (`type` of payloads and matches, `responseType`,
 * `updateType`) against its .proto files, so a typo is bad input before anything runs.
 * Names holding a ${variable} are left to run time.
 */
export function checkTypeNames(
  steps: unknown,
  payloads: ScenarioPayloads,
  locator: SourceLocator,
  file: string,
): ScenarioFileIssue[] {
  const issues: ScenarioFileIssue[] = [];
  const check = (name: unknown, path: SourcePath): void => {
    if (typeof name !== 'string' || name.includes('${')) return;
    try {
      payloads.types.lookupType(name);
    } catch (error) {
      issues.push(locator.issue(file, path, (error as Error).message));
    }
  };
  const visit = (value: unknown, path: SourcePath, isPayload: boolean): void => {
    if (Array.isArray(value)) {
      const parent = path[path.length - 1];
      value.forEach((item, index) => visit(item, [...path, index], parent === 'updates'));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (isPayload && key === 'type') check(inner, [...path, key]);
      else if (TYPE_KEYS.has(key)) check(inner, [...path, key]);
      else if (key !== 'json') visit(inner, [...path, key], PAYLOAD_KEYS.has(key));
    }
  };
  visit(steps, ['steps'], false);
  return issues;
}
