import { formatHash, type PathRef } from '@nanorpc-sim/core';
import { StepFailure } from '../runtime/step-failure.js';

/** A path as a step names it: the text, or a hash given as a number or 0x text. */
export interface NamedPath {
  path?: string | undefined;
  hash?: number | string | undefined;
}

/** The path or hash for titles: /calc/multiply or 0x1234abcd. */
export function pathText(spec: NamedPath): string {
  if (spec.path !== undefined) return spec.path;
  if (spec.hash === undefined) return '';
  return typeof spec.hash === 'number' ? `0x${spec.hash.toString(16).padStart(8, '0')}` : spec.hash;
}

/** The path a request or subscribe step names, as the client takes it. */
export function pathRefOf(spec: NamedPath): {
  ref: PathRef;
  path: string | undefined;
  text: string;
} {
  if (spec.path !== undefined) return { ref: spec.path, path: spec.path, text: spec.path };
  const hash = typeof spec.hash === 'number' ? spec.hash : Number.parseInt(String(spec.hash), 16);
  if (!Number.isInteger(hash) || hash < 0 || hash > 0xffffffff) {
    throw new StepFailure(`hash: ${String(spec.hash)} is not a 32-bit path hash`);
  }
  return { ref: { hash }, path: undefined, text: formatHash(hash) };
}

/** hashPath hashes `path`: with `hash` there is none (request, subscribe). */
export function checkHashPath(
  spec: { hashPath?: boolean | undefined; hash?: unknown },
  problem: (path: readonly PropertyKey[], message: string) => void,
): void {
  if (spec.hashPath === true && spec.hash !== undefined) {
    problem(['hashPath'], 'hashPath hashes `path`; with `hash` there is no path');
  }
}
