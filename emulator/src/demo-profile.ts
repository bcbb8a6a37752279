import path from 'node:path';
import type protobuf from 'protobufjs';
import { NanoRpcError, loadProtoFiles } from '@nanorpc-sim/core';
import { DEMO_DEVICE_PROTO_SOURCE } from './demo-device-proto-source.js';

/** The demo schema and the device disagree (a method without a path, or one not served). */
export class ProfileError extends NanoRpcError {
  declare readonly code: 'ERR_PROFILE';

  constructor(message: string) {
    super('ERR_PROFILE', message);
  }
}

/** One rpc of the demo service: its NanoRPC path and payload types. */
export interface ProfileMethod {
  /** The rpc name, e.g. "Multiply". */
  name: string;
  /** From the rpc's `(nanorpc).request_path` option. */
  path: string;
  request: protobuf.Type;
  response: protobuf.Type;
  /** A server-streaming rpc is a subscribable topic. */
  subscription: boolean;
}

export const DEMO_PROTO_FILE = 'demo_device.proto';
export const DEMO_SERVICE = 'demo.DemoDevice';
const PATH_OPTION = '(nanorpc).request_path';

/** demo_device.proto by name, for loadProtoFiles' `builtIn` (a scenario may import it). */
export const DEMO_PROTO_BUILT_IN: Readonly<Record<string, string>> = {
  [DEMO_PROTO_FILE]: DEMO_DEVICE_PROTO_SOURCE,
};

/**
 * The demo device profile as demo_device.proto states it: the paths come from the
 * service's method options, so the schema is the one list of paths.
 */
export class DemoProfile {
  readonly root: protobuf.Root;
  readonly service: protobuf.Service;
  private readonly byName = new Map<string, ProfileMethod>();

  constructor(root: protobuf.Root, serviceName: string = DEMO_SERVICE) {
    this.root = root;
    this.service = root.lookupService(serviceName);
    for (const method of this.service.methodsArray) {
      const requestPath: unknown = method.options?.[PATH_OPTION];
      if (typeof requestPath !== 'string' || !requestPath.startsWith('/')) {
        throw new ProfileError(`rpc ${serviceName}.${method.name} has no ${PATH_OPTION} option`);
      }
      method.resolve();
      this.byName.set(method.name, {
        name: method.name,
        path: requestPath,
        request: method.resolvedRequestType as protobuf.Type,
        response: method.resolvedResponseType as protobuf.Type,
        subscription: method.responseStream === true,
      });
    }
  }

  /**
   * Loads the demo schema built into this package, or demo_device.proto from `protoDir` (a
   * device variant with the same service and paths).
   */
  static load(protoDir?: string): DemoProfile {
    if (protoDir === undefined) {
      return new DemoProfile(loadProtoFiles([DEMO_PROTO_FILE], { builtIn: DEMO_PROTO_BUILT_IN }));
    }
    return new DemoProfile(
      loadProtoFiles([path.join(protoDir, DEMO_PROTO_FILE)], { includeDirs: [protoDir] }),
    );
  }

  get methods(): ProfileMethod[] {
    return [...this.byName.values()];
  }

  /** The method called `name`; throws ProfileError when the schema has none. */
  method(name: string): ProfileMethod {
    const method = this.byName.get(name);
    if (!method) throw new ProfileError(`${DEMO_SERVICE} has no rpc ${name}`);
    return method;
  }

  /** The method served at `requestPath`, if any. */
  methodAt(requestPath: string): ProfileMethod | undefined {
    return this.methods.find((method) => method.path === requestPath);
  }
}
