import protobuf from 'protobufjs';
import type { MessageOrEnum } from './reachable-types.js';

/** protobufjs's JSON form of a namespace's nested objects (what Root.addJSON takes). */
export type NestedJson = Record<string, unknown>;

/**
 * The protobufjs JSON of just the types the rpcs carry, nested by package as in the .proto, so
 * field type names resolve at run time exactly as they did here. The generated client builds
 * its PayloadTypes from it: it needs neither the .proto nor a file system at run time, and
 * nothing else of the imports (descriptor.proto, nanopb options) comes along.
 */
export function schemaJson(types: readonly MessageOrEnum[]): NestedJson {
  const chosen = new Set<protobuf.ReflectionObject>(types);
  const root: NestedJson = {};
  for (const type of types) {
    // A message's JSON holds its nested types: do not write them twice.
    if (hasChosenAncestor(type, chosen)) continue;
    let nested = root;
    for (const name of namespacePath(type)) {
      const entry = (nested[name] ??= { nested: {} }) as { nested: NestedJson };
      nested = entry.nested;
    }
    nested[type.name] = type.toJSON();
  }
  return root;
}

function hasChosenAncestor(
  type: protobuf.ReflectionObject,
  chosen: ReadonlySet<protobuf.ReflectionObject>,
): boolean {
  for (let parent = type.parent; parent !== null; parent = parent.parent) {
    if (chosen.has(parent)) return true;
  }
  return false;
}

/** The names of the namespaces (packages, enclosing messages) above `type`, outermost first. */
function namespacePath(type: protobuf.ReflectionObject): string[] {
  const names: string[] = [];
  for (
    let parent = type.parent;
    parent !== null && parent.parent !== null;
    parent = parent.parent
  ) {
    names.unshift(parent.name);
  }
  return names;
}
