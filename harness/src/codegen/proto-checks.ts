import { fnv1a32, formatHash } from '@nanorpc-sim/core';
import { cPrefix, handlerFunction, isCIdentifier, pathMacro } from './c-names.js';
import type { ProtoModel, RpcMethod } from './proto-reader.js';
import type { ProtoProblem } from './proto-problem.js';

/** nanorpc.proto gives `path` nanopb's max_size = 50: a longer path cannot be sent as a string. */
export const MAX_PATH_BYTES = 50;

const utf8 = new TextEncoder();

/** A method that passed the checks: it has a path. */
export type PathMethod = RpcMethod & { path: string };

/**
 * The mistakes a user can make in a .proto that would give a device a broken dispatcher or a
 * client that cannot reach a path. Everything is checked (not only the first problem), in line
 * order; generation writes nothing unless the list is empty.
 */
export function checkProto(model: ProtoModel): ProtoProblem[] {
  const problems: ProtoProblem[] = [];
  const at = (method: RpcMethod, message: string): void => {
    problems.push({ file: model.file, line: method.line, method: method.label, message });
  };
  const seen: PathMethod[] = [];
  for (const method of model.methods) {
    if (method.requestStream) {
      at(method, 'a stream request (client streaming) has no NanoRPC form');
    }
    if (method.path === undefined) {
      at(method, 'no option (nanorpc).request_path: every rpc of the file needs one');
      continue;
    }
    const withPath = { ...method, path: method.path };
    const bytes = utf8.encode(method.path).length;
    if (bytes === 0) at(method, 'empty request_path');
    if (bytes > MAX_PATH_BYTES) {
      at(method, `path "${method.path}" is ${bytes} bytes, more than ${MAX_PATH_BYTES}`);
    }
    const clash = seen.map((other) => clashOf(model.stem, withPath, other)).find((c) => c !== '');
    if (clash !== undefined) at(method, clash);
    seen.push(withPath);
  }
  if (model.methods.length === 0) {
    problems.push({
      file: model.file,
      line: undefined,
      method: undefined,
      message: 'no rpc with option (nanorpc).request_path: nothing to generate',
    });
  }
  if (!isCIdentifier(cPrefix(model.stem))) {
    problems.push({
      file: model.file,
      line: undefined,
      method: undefined,
      message: `the file name gives ${cPrefix(model.stem)}, not a C identifier: start it with a letter`,
    });
  }
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** Why `method` cannot sit beside an earlier `other` (one message, the first that applies). */
function clashOf(stem: string, method: PathMethod, other: PathMethod): string {
  const where = `rpc ${other.label} (line ${other.line ?? '?'})`;
  if (method.path === other.path) return `path "${method.path}" is also served by ${where}`;
  const hash = fnv1a32(method.path);
  if (hash === fnv1a32(other.path)) {
    return (
      `path "${method.path}" and "${other.path}" of ${where} have one FNV-1a hash, ` +
      `${formatHash(hash)}: a device could not tell them apart; rename one`
    );
  }
  const prefix = cPrefix(stem);
  const macro = pathMacro(prefix, method.path);
  if (macro === pathMacro(prefix, other.path)) {
    return `path "${method.path}" and "${other.path}" of ${where} give one C name, ${macro}`;
  }
  const fn = handlerFunction(stem, method.name, method.responseStream);
  if (fn === handlerFunction(stem, other.name, other.responseStream)) {
    return `its handler function ${fn}() would be the same as the one of ${where}`;
  }
  return '';
}
