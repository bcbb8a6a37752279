import path from 'node:path';
import type protobuf from 'protobufjs';
import { NanoRpcError, loadProtoFiles, PROTO_DIR } from 'nanorpc-hil';

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

/**
 * The demo device profile as proto/demo_device.proto states it: the paths come from the
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

  /** Loads proto/demo_device.proto (or the same file from `protoDir`). */
  static load(protoDir: string = PROTO_DIR): DemoProfile {
    return new DemoProfile(loadProtoFiles([path.join(protoDir, DEMO_PROTO_FILE)], [protoDir]));
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
