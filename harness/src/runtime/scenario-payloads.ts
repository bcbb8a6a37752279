import type protobuf from 'protobufjs';
import {
  decodeJsonPayload,
  encodeJsonPayload,
  type JsonObject,
  PayloadTypes,
} from '@nanorpc-sim/core';
import { hexToBytes } from './hex-bytes.js';
import { PROTO_LOAD_OPTIONS } from './built-in-protos.js';
import type { PayloadInput } from '../format/payload-schema.js';
import { StepFailure } from './step-failure.js';

/** Which message of a path a payload is: what the client sends, or what the server answers. */
export type PayloadSide = 'request' | 'response';

const utf8 = new TextEncoder();

/**
 * Payload encoding and decoding for one scenario: raw hex and UTF-8 as they are, typed JSON
 * through the scenario's .proto files. A JSON payload without `type` takes the type that the
 * .proto service gives its path (`option (nanorpc).request_path`).
 */
export class ScenarioPayloads {
  constructor(readonly types: PayloadTypes = new PayloadTypes()) {}

  /** The message type named `name`, or the path's type for `side`; StepFailure when neither. */
  typeFor(
    name: string | undefined,
    path: string | undefined,
    side: PayloadSide,
    where: string,
  ): protobuf.Type {
    if (name !== undefined) {
      try {
        return this.types.lookupType(name);
      } catch (error) {
        throw new StepFailure(`${where}: ${(error as Error).message}`);
      }
    }
    const byPath = path === undefined ? undefined : this.types.typesOf(path)?.[side];
    if (byPath === undefined) {
      const subject = path === undefined ? 'this data' : `path ${path}`;
      throw new StepFailure(
        `${where}: no message type for ${subject}: give \`type:\` or list a .proto whose ` +
          'service names the path in `proto:`',
      );
    }
    return byPath;
  }

  /** Bytes of an (interpolated) payload spec. */
  encode(
    spec: PayloadInput | undefined,
    path: string | undefined,
    side: PayloadSide,
    where: string,
  ): Uint8Array {
    if (spec === undefined) return new Uint8Array(0);
    if (spec.hex !== undefined) return hexToBytes(spec.hex, `${where}.hex`);
    if (spec.utf8 !== undefined) return utf8.encode(spec.utf8);
    if (spec.json !== undefined) {
      const type = this.typeFor(spec.type, path, side, where);
      try {
        return encodeJsonPayload(type, spec.json as JsonObject);
      } catch (error) {
        throw new StepFailure(`${where}: ${(error as Error).message}`);
      }
    }
    return new Uint8Array(0);
  }

  /** Decodes data as JSON with the named type or the path's type for `side`. */
  decode(
    data: Uint8Array,
    name: string | undefined,
    path: string | undefined,
    side: PayloadSide,
    where: string,
  ): JsonObject {
    const type = this.typeFor(name, path, side, where);
    try {
      return decodeJsonPayload(type, data);
    } catch (error) {
      throw new StepFailure(`${where}: ${(error as Error).message}`);
    }
  }

  /** Loads .proto files (absolute paths); a failure is the scenario file's fault. */
  static fromProtoFiles(files: string[]): ScenarioPayloads {
    return new ScenarioPayloads(
      files.length === 0
        ? new PayloadTypes()
        : PayloadTypes.fromProtoFiles(files, PROTO_LOAD_OPTIONS),
    );
  }
}
