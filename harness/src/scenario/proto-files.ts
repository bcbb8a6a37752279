import { ScenarioPayloads } from '../runtime/scenario-payloads.js';

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
