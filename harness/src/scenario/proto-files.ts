import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROTO_DIR } from '../protocol/proto-loader.js';
import { ScenarioPayloads } from './scenario-payloads.js';

/** A scenario's .proto file: relative to the scenario's folder, else in the repository's proto/. */
export function resolveProtoFile(name: string, directory: string): string | undefined {
  const candidates = path.isAbsolute(name)
    ? [name]
    : [path.resolve(directory, name), path.join(PROTO_DIR, name)];
  return candidates.find((candidate) => existsSync(candidate));
}

/**
 * Loaded payload types by set of .proto files, so the 30 scenarios of a suite that all name
 * demo_device.proto parse it once. One cache per load, owned by the caller.
 */
export class ProtoCache {
  private readonly loaded = new Map<string, ScenarioPayloads>();

  get(files: readonly string[]): ScenarioPayloads {
    const key = [...files].sort().join('\n');
    let payloads = this.loaded.get(key);
    if (payloads === undefined) {
      payloads = ScenarioPayloads.fromProtoFiles([...files]);
      this.loaded.set(key, payloads);
    }
    return payloads;
  }
}
