import type protobuf from 'protobufjs';
import { PayloadTypes } from '@nanorpc-sim/core';
import { PROTO_LOAD_OPTIONS, resolveProtoFile } from '../runtime/built-in-protos.js';
import { UsageError } from './usage-error.js';

/** The demo device's payloads, used when typed options are given without --proto. */
const DEFAULT_PROTO = 'demo_device.proto';

/**
 * Payload types for call and subscribe: the --proto files (relative to the working directory,
 * or a built-in schema's name), or the demo device's when none is given.
 */
export function loadCliPayloads(protoFiles: readonly string[], cwd: string): PayloadTypes {
  const names = protoFiles.length > 0 ? protoFiles : [DEFAULT_PROTO];
  const files = names.map((name) => {
    const found = resolveProtoFile(name, cwd);
    if (found === undefined)
      throw new UsageError(`--proto: ${name} not found (nor a built-in schema)`);
    return found;
  });
  try {
    return PayloadTypes.fromProtoFiles(files, PROTO_LOAD_OPTIONS);
  } catch (error) {
    throw new UsageError(`--proto: ${(error as Error).message}`);
  }
}

/** A message type by name (--type), or the one the .proto service gives `path` for `side`. */
export function cliType(
  payloads: PayloadTypes,
  name: string | undefined,
  path: string | undefined,
  side: 'request' | 'response',
  option: string,
): protobuf.Type | undefined {
  if (name !== undefined) {
    try {
      return payloads.lookupType(name);
    } catch (error) {
      throw new UsageError(`${option}: ${(error as Error).message}`);
    }
  }
  return path === undefined ? undefined : payloads.typesOf(path)?.[side];
}
