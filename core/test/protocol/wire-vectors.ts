import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseRequestType,
  parseResponseType,
  parseStatus,
  type NanoRpcRequest,
  type NanoRpcResponse,
} from '../../src/protocol/messages.js';

/** Frames encoded by protoc (an independent encoder), copied from shared/conformance. */
interface WireVectorFile {
  frames: WireVector[];
  fnv1a32: Record<string, string>;
}

export interface WireVector {
  name: string;
  message: 'NanoRPCRequest' | 'NanoRPCResponse';
  fields: Record<string, string | number>;
  body_hex: string;
  frame_hex: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const wireVectors = JSON.parse(
  readFileSync(path.join(here, '../fixtures/wire-vectors.json'), 'utf8'),
) as WireVectorFile;

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
export const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

function vectorData(fields: WireVector['fields']): Uint8Array {
  if (typeof fields['data_utf8'] === 'string') return new TextEncoder().encode(fields['data_utf8']);
  if (typeof fields['data_hex'] === 'string') return fromHex(fields['data_hex']);
  return new Uint8Array(0);
}

function enumField<T>(value: unknown, parse: (name: string) => T | undefined): T | 0 {
  if (value === undefined) return 0;
  const parsed = parse(String(value));
  if (parsed === undefined) throw new Error(`unknown enum name ${String(value)} in a vector`);
  return parsed;
}

export function requestFromVector(vector: WireVector): NanoRpcRequest {
  const { fields } = vector;
  const request: NanoRpcRequest = {
    requestId: Number(fields['request_id'] ?? 0),
    requestType: enumField(fields['request_type'], parseRequestType),
    data: vectorData(fields),
  };
  if (fields['path'] !== undefined) request.path = String(fields['path']);
  if (fields['path_hash'] !== undefined) request.pathHash = Number(fields['path_hash']);
  return request;
}

export function responseFromVector(vector: WireVector): NanoRpcResponse {
  const { fields } = vector;
  return {
    requestId: Number(fields['request_id'] ?? 0),
    responseType: enumField(fields['response_type'], parseResponseType),
    responseStatus: enumField(fields['response_status'], parseStatus),
    responseMessage: String(fields['response_message'] ?? ''),
    data: vectorData(fields),
  };
}
