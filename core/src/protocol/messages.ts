/** The NanoRPC envelope messages, as plain objects. Field names follow the schema in camelCase. */

export enum RequestType {
  Unspecified = 0,
  Ping = 1,
  Request = 2,
  Subscribe = 3,
}

export enum ResponseType {
  Unspecified = 0,
  Pong = 1,
  Response = 2,
  Update = 3,
}

export enum Status {
  Unspecified = 0,
  Ok = 1,
  NotFound = 2,
  NotAuthorized = 3,
  InternalError = 4,
}

/** Client to server. At most one of `path` and `pathHash` is set (the schema's oneof). */
export interface NanoRpcRequest {
  requestId: number;
  /** A RequestType; other numbers are kept as received (unknown types are ignored by servers). */
  requestType: RequestType | number;
  pathHash?: number;
  path?: string;
  /** A view on the received bytes when decoded; empty when absent. */
  data: Uint8Array;
}

/** Server to client. */
export interface NanoRpcResponse {
  requestId: number;
  responseType: ResponseType | number;
  responseStatus: Status | number;
  /** Empty when absent. */
  responseMessage: string;
  /** A view on the received bytes when decoded; empty when absent. */
  data: Uint8Array;
}

const STATUS_NAMES: Record<number, string> = {
  [Status.Unspecified]: 'STATUS_UNSPECIFIED',
  [Status.Ok]: 'STATUS_OK',
  [Status.NotFound]: 'STATUS_NOT_FOUND',
  [Status.NotAuthorized]: 'STATUS_NOT_AUTHORIZED',
  [Status.InternalError]: 'STATUS_INTERNAL_ERROR',
};

const REQUEST_TYPE_NAMES: Record<number, string> = {
  [RequestType.Unspecified]: 'TYPE_UNSPECIFIED',
  [RequestType.Ping]: 'TYPE_PING',
  [RequestType.Request]: 'TYPE_REQUEST',
  [RequestType.Subscribe]: 'TYPE_SUBSCRIBE',
};

const RESPONSE_TYPE_NAMES: Record<number, string> = {
  [ResponseType.Unspecified]: 'TYPE_UNSPECIFIED',
  [ResponseType.Pong]: 'TYPE_PONG',
  [ResponseType.Response]: 'TYPE_RESPONSE',
  [ResponseType.Update]: 'TYPE_UPDATE',
};

function nameOr(table: Record<number, string>, value: number): string {
  return table[value] ?? `UNKNOWN(${value})`;
}

/** The schema's name for a status, e.g. STATUS_NOT_FOUND. */
export const statusName = (status: number): string => nameOr(STATUS_NAMES, status);
export const requestTypeName = (type: number): string => nameOr(REQUEST_TYPE_NAMES, type);
export const responseTypeName = (type: number): string => nameOr(RESPONSE_TYPE_NAMES, type);

function parseName(table: Record<number, string>, name: string): number | undefined {
  for (const [value, candidate] of Object.entries(table)) {
    if (candidate === name) return Number(value);
  }
  return undefined;
}

/** Parses STATUS_OK (or OK) back to its value; undefined when unknown. */
export function parseStatus(name: string): Status | undefined {
  const upper = name.toUpperCase();
  return parseName(STATUS_NAMES, upper.startsWith('STATUS_') ? upper : `STATUS_${upper}`);
}

export const parseRequestType = (name: string): RequestType | undefined =>
  parseName(REQUEST_TYPE_NAMES, name);
export const parseResponseType = (name: string): ResponseType | undefined =>
  parseName(RESPONSE_TYPE_NAMES, name);
