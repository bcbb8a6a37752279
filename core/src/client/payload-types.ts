import protobuf from 'protobufjs';
import { loadProtoFiles, type ProtoLoadOptions } from '../protocol/proto-loader.js';
import {
  PayloadError,
  decodeJsonPayload,
  encodeJsonPayload,
  type JsonObject,
} from './json-payload.js';

/** The payload types of one path: what its requests (or subscribe filter) and answers carry. */
export interface PathPayloadTypes {
  request?: protobuf.Type;
  /** The response data type; for a subscription, the update data type. */
  response?: protobuf.Type;
  /** True for a subscription (an rpc with a `stream` response). */
  streaming: boolean;
}

/** A type given as a protobufjs Type, or by its name in this registry's root. */
export type TypeRef = protobuf.Type | string;

/** The method option that names a NanoRPC path, as protobufjs stores it. */
const REQUEST_PATH_OPTION = '(nanorpc).request_path';

/**
 * Typed payloads by path. Paths get types from `define()`, or from the services of loaded .proto
 * files whose rpcs carry `option (nanorpc).request_path = "..."`. Requests encode from JSON
 * objects and answers decode to JSON (proto3 JSON mapping); raw bytes always pass through.
 */
export class PayloadTypes {
  readonly root: protobuf.Root;
  private readonly byPath = new Map<string, PathPayloadTypes>();

  constructor(root: protobuf.Root = new protobuf.Root()) {
    this.root = root;
  }

  /**
   * Loads .proto files (imports resolve as in loadProtoFiles, so `import "nanorpc.proto"` works)
   * and defines every path named by a `(nanorpc).request_path` method option.
   */
  static fromProtoFiles(files: string | string[], options: ProtoLoadOptions = {}): PayloadTypes {
    const list = typeof files === 'string' ? [files] : files;
    let root: protobuf.Root;
    try {
      root = loadProtoFiles(list, options);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new PayloadError('ERR_PAYLOAD_TYPE', `cannot load ${list.join(', ')}: ${reason}`, {
        cause,
      });
    }
    const types = new PayloadTypes(root);
    types.defineFromServices();
    return types;
  }

  /** Defines or replaces the types of `path`. */
  define(
    path: string,
    types: { request?: TypeRef; response?: TypeRef; streaming?: boolean },
  ): this {
    const entry: PathPayloadTypes = { streaming: types.streaming ?? false };
    if (types.request !== undefined) entry.request = this.resolveType(types.request);
    if (types.response !== undefined) entry.response = this.resolveType(types.response);
    this.byPath.set(path, entry);
    return this;
  }

  /** Defines paths from every service method that carries a request_path option. */
  defineFromServices(): this {
    for (const service of allServices(this.root)) {
      for (const method of service.methodsArray) {
        const path = method.options?.[REQUEST_PATH_OPTION] as unknown;
        if (typeof path !== 'string') continue;
        method.resolve();
        const entry: PathPayloadTypes = { streaming: method.responseStream === true };
        if (method.resolvedRequestType) entry.request = method.resolvedRequestType;
        if (method.resolvedResponseType) entry.response = method.resolvedResponseType;
        this.byPath.set(path, entry);
      }
    }
    return this;
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  paths(): string[] {
    return [...this.byPath.keys()];
  }

  typesOf(path: string): PathPayloadTypes | undefined {
    return this.byPath.get(path);
  }

  /** A message type of the root by name (`demo.MultiplyRequest` or `.demo.MultiplyRequest`). */
  lookupType(name: string): protobuf.Type {
    try {
      return this.root.lookupType(name);
    } catch (cause) {
      throw new PayloadError('ERR_PAYLOAD_TYPE', `no message type "${name}" in the loaded files`, {
        cause,
      });
    }
  }

  /** Request data (or a subscribe filter) for `path`: raw bytes as they are, JSON encoded. */
  encodeRequest(path: string, value: JsonObject | Uint8Array | undefined): Uint8Array {
    if (value === undefined) return new Uint8Array(0);
    if (value instanceof Uint8Array) return value;
    return encodeJsonPayload(this.requireType(path, 'request'), value);
  }

  /** Response data of `path` as JSON. */
  decodeResponse(path: string, data: Uint8Array): JsonObject {
    return decodeJsonPayload(this.requireType(path, 'response'), data);
  }

  /** Update data of subscription `path` as JSON (the rpc's stream response type). */
  decodeUpdate(path: string, data: Uint8Array): JsonObject {
    return decodeJsonPayload(this.requireType(path, 'response'), data);
  }

  private requireType(path: string, which: 'request' | 'response'): protobuf.Type {
    const entry = this.byPath.get(path);
    if (entry === undefined) {
      throw new PayloadError('ERR_PAYLOAD_TYPE', `no payload types defined for path ${path}`);
    }
    const type = entry[which];
    if (type === undefined) {
      throw new PayloadError('ERR_PAYLOAD_TYPE', `no ${which} type defined for path ${path}`);
    }
    return type;
  }

  private resolveType(ref: TypeRef): protobuf.Type {
    return typeof ref === 'string' ? this.lookupType(ref) : ref;
  }
}

function* allServices(namespace: protobuf.NamespaceBase): Generator<protobuf.Service> {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Service) yield nested;
    if (nested instanceof protobuf.Namespace) yield* allServices(nested);
  }
}

/** One message type as a JSON codec: `payloadCodec(type)` or `payloadCodec('x.proto', 'pkg.T')`. */
export interface PayloadCodec {
  readonly type: protobuf.Type;
  encode(value: JsonObject | Uint8Array): Uint8Array;
  decode(data: Uint8Array): JsonObject;
}

export function payloadCodec(
  typeOrFile: protobuf.Type | string,
  typeName?: string,
  options: ProtoLoadOptions = {},
): PayloadCodec {
  let type: protobuf.Type;
  if (typeof typeOrFile === 'string') {
    if (typeName === undefined) {
      throw new PayloadError('ERR_PAYLOAD_TYPE', `a type name is needed with ${typeOrFile}`);
    }
    type = PayloadTypes.fromProtoFiles(typeOrFile, options).lookupType(typeName);
  } else {
    type = typeOrFile;
  }
  return {
    type,
    encode: (value) => (value instanceof Uint8Array ? value : encodeJsonPayload(type, value)),
    decode: (data) => decodeJsonPayload(type, data),
  };
}
