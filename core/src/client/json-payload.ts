import protobuf from 'protobufjs';
import { NanoRpcError } from '../errors/nanorpc-error.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

export type PayloadErrorCode = 'ERR_PAYLOAD_ENCODE' | 'ERR_PAYLOAD_DECODE' | 'ERR_PAYLOAD_TYPE';

/** A payload that does not fit its protobuf type, or a path/type that is not known. */
export class PayloadError extends NanoRpcError {
  declare readonly code: PayloadErrorCode;

  constructor(code: PayloadErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const UINT32 = { min: 0, max: 2 ** 32 - 1 };
const RANGE_32: Record<string, { min: number; max: number }> = {
  int32: INT32,
  sint32: INT32,
  sfixed32: INT32,
  uint32: UINT32,
  fixed32: UINT32,
};
const SIGNED_64 = new Set(['int64', 'sint64', 'sfixed64']);
const UNSIGNED_64 = new Set(['uint64', 'fixed64']);
const FLOATS = new Set(['float', 'double']);
const SPECIAL_FLOATS = new Set(['NaN', 'Infinity', '-Infinity']);

const snakeToCamel = (name: string): string =>
  name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a JSON value against a message type before protobufjs converts it, because
 * `Type.fromObject` is lenient: it drops unknown keys and unknown enum names, and turns
 * "abc" into 0. Keys may be camelCase (as protobufjs names fields) or the .proto's snake_case.
 * Returns the object with keys normalised to the field names.
 */
function checkMessage(type: protobuf.Type, value: unknown, where: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw encodeError(where, `expected an object for ${type.fullName}`);
  const normalised: Record<string, unknown> = {};
  for (const [key, fieldValue] of Object.entries(value)) {
    const field = type.fields[key] ?? type.fields[snakeToCamel(key)];
    if (field === undefined) {
      const known = Object.keys(type.fields).join(', ') || 'none';
      throw encodeError(
        `${where}.${key}`,
        `no field "${key}" in ${type.fullName} (fields: ${known})`,
      );
    }
    normalised[field.name] = checkField(field, fieldValue, `${where}.${key}`);
  }
  return normalised;
}

function checkField(field: protobuf.Field, value: unknown, where: string): unknown {
  if (value === null || value === undefined) return undefined;
  field.resolve();
  if (field instanceof protobuf.MapField) {
    if (!isPlainObject(value)) throw encodeError(where, 'expected an object for a map field');
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) {
      result[key] = checkSingle(field, entry, `${where}.${key}`);
    }
    return result;
  }
  if (field.repeated) {
    if (!Array.isArray(value)) throw encodeError(where, 'expected an array for a repeated field');
    return value.map((entry, index) => checkSingle(field, entry, `${where}[${index}]`));
  }
  return checkSingle(field, value, where);
}

function checkSingle(field: protobuf.Field, value: unknown, where: string): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return checkMessage(resolved, value, where);
  if (resolved instanceof protobuf.Enum) {
    if (typeof value === 'string') {
      if (resolved.values[value] === undefined) {
        const names = Object.keys(resolved.values).join(', ');
        throw encodeError(where, `"${value}" is not a value of ${resolved.fullName} (${names})`);
      }
      return value;
    }
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    throw encodeError(where, `expected an enum name or number for ${resolved.fullName}`);
  }
  return checkScalar(field.type, value, where);
}

function checkScalar(type: string, value: unknown, where: string): unknown {
  const range = RANGE_32[type];
  if (range !== undefined) {
    const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number)) {
      throw encodeError(where, `expected an integer for ${type}`);
    }
    if (number < range.min || number > range.max) {
      throw encodeError(where, `${number} is out of range for ${type}`);
    }
    return number;
  }
  if (SIGNED_64.has(type) || UNSIGNED_64.has(type)) {
    const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
    if (typeof text !== 'string' || !/^-?\d+$/.test(text)) {
      throw encodeError(where, `expected a safe integer or a decimal string for ${type}`);
    }
    if (UNSIGNED_64.has(type) && text.startsWith('-')) {
      throw encodeError(where, `${text} is negative, ${type} is unsigned`);
    }
    return text;
  }
  if (FLOATS.has(type)) {
    if (typeof value === 'number' || (typeof value === 'string' && SPECIAL_FLOATS.has(value))) {
      return typeof value === 'string' ? Number(value) : value;
    }
    throw encodeError(where, `expected a number for ${type}`);
  }
  if (type === 'bool') {
    if (typeof value !== 'boolean') throw encodeError(where, 'expected true or false');
    return value;
  }
  if (type === 'string') {
    if (typeof value !== 'string') throw encodeError(where, 'expected a string');
    return value;
  }
  if (type === 'bytes') {
    // Base64 text, as in the proto3 JSON mapping, or the bytes themselves.
    if (typeof value === 'string' || value instanceof Uint8Array) return value;
    if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
      return Uint8Array.from(value as number[]);
    }
    throw encodeError(where, 'expected base64 text or an array of bytes');
  }
  return value;
}

function encodeError(where: string, message: string): PayloadError {
  return new PayloadError('ERR_PAYLOAD_ENCODE', `${where}: ${message}`);
}

/** Encodes `value` (checked strictly, see checkMessage) as a `type` message body. */
export function encodeJsonPayload(type: protobuf.Type, value: JsonObject): Uint8Array {
  const normalised = checkMessage(type, value, type.name);
  return type.encode(type.fromObject(normalised)).finish();
}

/**
 * Decodes a `type` message to JSON following the proto3 JSON mapping: every field present
 * (defaults included), 64-bit integers as decimal strings, enums by name, bytes as base64.
 */
export function decodeJsonPayload(type: protobuf.Type, data: Uint8Array): JsonObject {
  let message: protobuf.Message;
  try {
    message = type.decode(data);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PayloadError('ERR_PAYLOAD_DECODE', `cannot decode ${type.fullName}: ${reason}`, {
      cause,
    });
  }
  return type.toObject(message, {
    longs: String,
    enums: String,
    bytes: String,
    defaults: true,
    json: true,
  }) as JsonObject;
}
