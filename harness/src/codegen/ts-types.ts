import protobuf from 'protobufjs';
import { qualifiedName, type MessageOrEnum } from './reachable-types.js';

/** Names the generated module uses itself, or TypeScript reserves: a type may not take them. */
const TAKEN = new Set([
  'Array',
  'JsonObject',
  'NanoRpcClient',
  'NanoRpcResponse',
  'PayloadTypes',
  'Promise',
  'Record',
  'RequestOptions',
  'SCHEMA',
  'Subscription',
  'Uint8Array',
  'any',
  'bigint',
  'boolean',
  'never',
  'null',
  'number',
  'object',
  'string',
  'symbol',
  'undefined',
  'unknown',
  'void',
]);

const FLOATS = new Set(['double', 'float']);
const INTS_32 = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
const INTS_64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const NON_FINITE = "'NaN' | 'Infinity' | '-Infinity'";

/**
 * TypeScript names of the .proto's types: the name within the file's package, nested names
 * joined by `_` (`demo.LedRequest.Action` -> `LedRequest_Action`), other packages' types with
 * their package (`google_protobuf_Timestamp`); a clash gets a trailing `_`.
 */
export class TsTypeNames {
  private readonly names = new Map<MessageOrEnum, string>();
  private readonly used = new Set<string>(TAKEN);

  constructor(
    private readonly packageName: string,
    reserved: Iterable<string>,
  ) {
    for (const name of reserved) this.used.add(name);
  }

  /** The output type (what decoding gives), and the enum type. */
  of(type: MessageOrEnum): string {
    let name = this.names.get(type);
    if (name === undefined) {
      const full = qualifiedName(type);
      const local =
        this.packageName !== '' && full.startsWith(`${this.packageName}.`)
          ? full.slice(this.packageName.length + 1)
          : full;
      name = local.replace(/\./g, '_');
      // The input type takes `<name>Input`: both must be free.
      while (this.used.has(name) || this.used.has(`${name}Input`)) name += '_';
      this.used.add(name);
      this.used.add(`${name}Input`);
      this.names.set(type, name);
    }
    return name;
  }

  /** What encoding accepts for a message (every field optional). */
  inputOf(type: protobuf.Type): string {
    return `${this.of(type)}Input`;
  }
}

const propertyKey = (name: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);

/**
 * The declarations of one type. Messages get two interfaces: `X`, what decoding gives (the
 * proto3 JSON mapping of decodeJsonPayload: every field present with its default, a message
 * field null when absent, 64-bit integers as decimal strings, enums by name, bytes as base64),
 * and `XInput`, what encoding accepts (encodeJsonPayload: every field optional, 64-bit integers
 * as numbers or strings, bytes as base64, Uint8Array or byte array).
 */
export function writeTsType(type: MessageOrEnum, names: TsTypeNames): string {
  const header = `/** ${qualifiedName(type)} */`;
  if (type instanceof protobuf.Enum) {
    const values = Object.keys(type.values).map((value) => `'${value}'`);
    return `${header}\nexport type ${names.of(type)} = ${values.join(' | ') || 'never'};\n`;
  }
  const output = type.fieldsArray.map((field) => {
    // Oneof members and proto3 `optional` fields are left out when unset.
    const optional = field.partOf !== null;
    const value = fieldType(field, names, 'output');
    const nullable = isSingleMessage(field) && !optional ? ' | null' : '';
    return `  ${propertyKey(field.name)}${optional ? '?' : ''}: ${value}${nullable};`;
  });
  const input = type.fieldsArray.map(
    (field) => `  ${propertyKey(field.name)}?: ${fieldType(field, names, 'input')} | null;`,
  );
  return [
    declaration(header, names.of(type), output),
    declaration(`/** ${qualifiedName(type)}, to encode */`, names.inputOf(type), input),
  ].join('\n');
}

function declaration(header: string, name: string, members: string[]): string {
  // An empty message accepts and gives `{}` only (an empty interface would accept anything).
  if (members.length === 0) return `${header}\nexport type ${name} = Record<string, never>;\n`;
  return `${header}\nexport interface ${name} {\n${members.join('\n')}\n}\n`;
}

function isSingleMessage(field: protobuf.Field): boolean {
  return !field.repeated && !field.map && field.resolvedType instanceof protobuf.Type;
}

type Direction = 'input' | 'output';

function fieldType(field: protobuf.Field, names: TsTypeNames, direction: Direction): string {
  const single = singleType(field, names, direction);
  if (field instanceof protobuf.MapField || field.map) return `Record<string, ${single}>`;
  if (field.repeated) return `Array<${single}>`;
  return single;
}

function singleType(field: protobuf.Field, names: TsTypeNames, direction: Direction): string {
  field.resolve();
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    return direction === 'output' ? names.of(resolved) : names.inputOf(resolved);
  }
  // An unknown enum number decodes as the number; encoding takes names or numbers.
  if (resolved instanceof protobuf.Enum) return `${names.of(resolved)} | number`;
  const scalar = field.type;
  if (FLOATS.has(scalar)) return `number | ${NON_FINITE}`;
  if (INTS_32.has(scalar)) return 'number';
  if (INTS_64.has(scalar)) return direction === 'output' ? 'string' : 'number | string';
  if (scalar === 'bool') return 'boolean';
  if (scalar === 'string') return 'string';
  if (scalar === 'bytes')
    return direction === 'output' ? 'string' : 'string | Uint8Array | number[]';
  throw new Error(`field ${field.fullName}: no TypeScript type for ${scalar}`);
}
