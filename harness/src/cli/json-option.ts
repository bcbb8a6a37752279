import type protobuf from 'protobufjs';
import { encodeJsonPayload, type JsonObject } from '@nanorpc-sim/core';
import { UsageError } from './usage-error.js';

/** The text of a JSON option (--json, --json-filter) as an object; UsageError otherwise. */
export function parseJsonOption(text: string, option: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${option}: not JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${option}: expected a JSON object, e.g. '{"a": 6, "b": 7}'`);
  }
  return value as JsonObject;
}

/** A JSON option encoded as a message of `type`; a problem is a UsageError naming the option. */
export function encodeJsonOption(type: protobuf.Type, text: string, option: string): Uint8Array {
  // Parsed outside the try: its UsageError already names the option.
  const value = parseJsonOption(text, option);
  try {
    return encodeJsonPayload(type, value);
  } catch (error) {
    throw new UsageError(`${option}: ${(error as Error).message}`, { cause: error });
  }
}
