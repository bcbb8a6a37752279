import protobuf from 'protobufjs';
import type { RpcMethod } from './proto-reader.js';

export type MessageOrEnum = protobuf.Type | protobuf.Enum;

/**
 * The message and enum types the rpcs carry, directly or through fields, in a stable order
 * (first reached first). Nested types of a reached message count as reached: protobufjs
 * serialises a message with everything nested in it.
 */
export function reachableTypes(methods: readonly RpcMethod[]): MessageOrEnum[] {
  const found = new Set<MessageOrEnum>();
  const visit = (type: MessageOrEnum): void => {
    if (found.has(type)) return;
    found.add(type);
    if (type instanceof protobuf.Enum) return;
    for (const field of type.fieldsArray) {
      field.resolve();
      const resolved = field.resolvedType;
      if (resolved instanceof protobuf.Type || resolved instanceof protobuf.Enum) visit(resolved);
    }
    for (const nested of type.nestedArray) {
      if (nested instanceof protobuf.Type || nested instanceof protobuf.Enum) visit(nested);
    }
  };
  for (const method of methods) {
    visit(method.requestType);
    visit(method.responseType);
  }
  return [...found];
}

/** `demo.LedRequest.Action`, without protobufjs's leading dot. */
export function qualifiedName(type: protobuf.ReflectionObject): string {
  return type.fullName.replace(/^\./, '');
}
