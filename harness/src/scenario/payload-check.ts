import type protobuf from 'protobufjs';
import { encodeJsonPayload, type JsonObject } from '@nanorpc-sim/core';
import type { ScenarioFileIssue } from './scenario-file-error.js';
import type { PayloadSide, ScenarioPayloads } from '../runtime/scenario-payloads.js';
import type { SourceLocator, SourcePath } from './source-locator.js';

/** A typed payload of a step: where it sits, the path whose type it takes, which side it is. */
interface PayloadSite {
  at: SourcePath;
  spec: unknown;
  path: unknown;
  side: PayloadSide;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The payloads one step sends, by step kind (the same path and side the executors use). */
function payloadSites(step: Record<string, unknown>, at: SourcePath): PayloadSite[] {
  const sites: PayloadSite[] = [];
  const add = (keys: string[], key: string, side: PayloadSide, withPath: boolean): void => {
    let spec: unknown = step;
    for (const inner of keys) spec = isRecord(spec) ? spec[inner] : undefined;
    if (!isRecord(spec) || spec[key] === undefined) return;
    const path = withPath && spec['hash'] === undefined ? spec['path'] : undefined;
    sites.push({ at: [...at, ...keys, key], spec: spec[key], path, side });
  };
  add(['request'], 'data', 'request', true);
  add(['subscribe'], 'filter', 'request', true);
  add(['serve'], 'data', 'response', true);
  add(['publish'], 'data', 'response', true);
  add(['send-raw', 'request'], 'data', 'request', true);
  add(['send-raw', 'response'], 'data', 'response', false);
  return sites;
}

/** Turns an encoder position like `MultiplyRequest.inner[2].a` into path segments. */
function segmentsOf(where: string): PropertyKey[] | undefined {
  const segments: PropertyKey[] = [];
  let rest = where;
  while (rest !== '') {
    const match = /^\.([^.[]+)|^\[(\d+)\]/.exec(rest);
    if (match === null) return undefined;
    segments.push(match[1] ?? Number(match[2]));
    rest = rest.slice(match[0].length);
  }
  return segments;
}

/**
 * Encodes every typed (json) payload a scenario sends against its message type, so a payload
 * that cannot be encoded is bad input before anything runs. Payloads (or their type or path)
 * holding a ${variable} can only be encoded at run time and are left alone; so are types that
 * do not exist, which checkTypeNames reports.
 */
export function checkPayloads(
  steps: unknown,
  payloads: ScenarioPayloads,
  locator: SourceLocator,
  file: string,
): ScenarioFileIssue[] {
  const issues: ScenarioFileIssue[] = [];
  const report = (at: SourcePath, message: string): void => {
    issues.push(locator.issue(file, at, message));
  };
  const check = ({ at, spec, path, side }: PayloadSite): void => {
    if (!isRecord(spec) || spec['json'] === undefined) return;
    const json = spec['json'];
    const name = spec['type'];
    if (JSON.stringify(json).includes('${')) return;
    let type: protobuf.Type | undefined;
    if (typeof name === 'string') {
      if (name.includes('${')) return;
      try {
        type = payloads.types.lookupType(name);
      } catch {
        return;
      }
    } else {
      if (typeof path === 'string' && path.includes('${')) return;
      type = typeof path === 'string' ? payloads.types.typesOf(path)?.[side] : undefined;
      if (type === undefined) {
        const subject = typeof path === 'string' ? `path ${path}` : 'this data';
        report(
          at,
          `no message type for ${subject}: give \`type:\` or list a .proto whose service ` +
            'names the path in `proto:`',
        );
        return;
      }
    }
    try {
      encodeJsonPayload(type, json as JsonObject);
    } catch (error) {
      const message = (error as Error).message;
      // The encoder names the position as `<Type>.field[index]...: problem`.
      const prefix = type.name;
      const colon = message.indexOf(': ');
      const inner =
        message.startsWith(prefix) && colon > 0
          ? segmentsOf(message.slice(prefix.length, colon))
          : undefined;
      const where = [...at, 'json', ...(inner ?? [])];
      const problem = inner === undefined ? message : message.slice(colon + 2);
      const named = problem.includes(type.fullName) ? '' : ` (${type.fullName.replace(/^\./, '')})`;
      report(where, `${problem}${named}`);
    }
  };
  const visit = (list: unknown, at: SourcePath): void => {
    if (!Array.isArray(list)) return;
    list.forEach((step: unknown, index) => {
      if (!isRecord(step)) return;
      const stepAt = [...at, index];
      const repeat = step['repeat'];
      if (isRecord(repeat)) visit(repeat['steps'], [...stepAt, 'repeat', 'steps']);
      for (const site of payloadSites(step, stepAt)) check(site);
    });
  };
  visit(steps, ['steps']);
  return issues;
}
