import { existsSync } from 'node:fs';
import path from 'node:path';
import { NANORPC_PROTO_FILE, NANORPC_PROTO_SOURCE, type ProtoLoadOptions } from '@nanorpc-sim/core';
import { DEMO_PROTO_BUILT_IN } from '@nanorpc-sim/emulator';

/**
 * The schemas every scenario and command may name without a file of their own: the wire schema
 * and the demo device's, served from the packages (an installed tool has no proto/ folder).
 */
export const BUILT_IN_PROTOS: Readonly<Record<string, string>> = {
  [NANORPC_PROTO_FILE]: NANORPC_PROTO_SOURCE,
  ...DEMO_PROTO_BUILT_IN,
};

/** How scenario and command schemas load: imports may name a built-in schema. */
export const PROTO_LOAD_OPTIONS: ProtoLoadOptions = { builtIn: BUILT_IN_PROTOS };

/**
 * A scenario's (or a command's) .proto file: the path relative to `directory` when that file
 * exists, else the name of a built-in schema; undefined when neither.
 */
export function resolveProtoFile(name: string, directory: string): string | undefined {
  const onDisk = path.resolve(directory, name);
  if (existsSync(onDisk)) return onDisk;
  return Object.hasOwn(BUILT_IN_PROTOS, name) ? name : undefined;
}
