import {
  decodeJsonPayload,
  loadProtoFiles,
  NanoRpcClient,
  Status,
  type FrameTrace,
} from '@nanorpc-sim/core';
import { PROTO_LOAD_OPTIONS } from '../runtime/built-in-protos.js';
import type { RunningTarget } from '../targets/target-provider.js';
import {
  emptyCapabilities,
  withCapabilities,
  type CapabilityValuesOutput,
  type DeviceCapabilities,
} from './device-capabilities.js';

/** Bounds the connect and each question: a device that says nothing must not stall the run. */
const PROBE_TIMEOUT_MS = 3000;

export interface CapabilityProbeOptions {
  /** Values from the target's settings (a targets file), then --capability: later wins. */
  given: readonly { values: CapabilityValuesOutput; source: 'target' | 'option' }[];
  /** Paths named by `requires.paths` of the plans: asked once each unless given. */
  paths: readonly string[];
  /** Frames of the probe go to the run's trace, so what was asked is on record. */
  trace?: FrameTrace;
  log?: (line: string) => void;
}

function sysInfoValues(json: Record<string, unknown>): CapabilityValuesOutput {
  const number = (value: unknown): number | undefined => {
    const parsed = typeof value === 'string' ? Number(value) : value;
    return typeof parsed === 'number' && Number.isFinite(parsed) && parsed > 0 ? parsed : undefined;
  };
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value !== '' ? value : undefined;
  const values: CapabilityValuesOutput = {};
  const maxFrameSize = number(json['maxFrameSize']);
  const maxSubscriptions = number(json['maxSubscriptions']);
  const firmwareVersion = text(json['firmwareVersion']);
  const deviceName = text(json['deviceName']);
  if (maxFrameSize !== undefined) values.maxFrameSize = maxFrameSize;
  if (maxSubscriptions !== undefined) values.maxSubscriptions = maxSubscriptions;
  if (firmwareVersion !== undefined) values.firmwareVersion = firmwareVersion;
  if (deviceName !== undefined) values.deviceName = deviceName;
  return values;
}

/**
 * Learns a device's capabilities once per run: one connection, /sys/info (decoded as
 * demo.SysInfo), then an empty request to each required path not already known (NOT_FOUND
 * means absent). A device that does not answer keeps only the given values, with a note.
 */
export async function learnCapabilities(
  target: RunningTarget,
  options: CapabilityProbeOptions,
): Promise<DeviceCapabilities> {
  let capabilities = emptyCapabilities();
  const given = (): DeviceCapabilities =>
    options.given.reduce(
      (current, entry) => withCapabilities(current, entry.values, entry.source),
      capabilities,
    );
  const client = new NanoRpcClient(target.endpoint, {
    name: 'capabilities',
    connectTimeoutMs: PROBE_TIMEOUT_MS,
    requestTimeoutMs: PROBE_TIMEOUT_MS,
    reconnect: false,
    ...(options.trace !== undefined && { trace: options.trace }),
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const response = await client.request('/sys/info');
    if (response.responseStatus === Status.Ok) {
      const root = loadProtoFiles(['demo_device.proto'], PROTO_LOAD_OPTIONS);
      const json = decodeJsonPayload(root.lookupType('demo.SysInfo'), response.data);
      capabilities = withCapabilities(capabilities, sysInfoValues(json), 'sys-info');
    } else {
      capabilities.note = `/sys/info answered status ${response.responseStatus}`;
    }
    capabilities = given();
    if (!capabilities.pathsComplete) {
      for (const path of options.paths) {
        const answer = await client.request(path);
        capabilities.paths[path] = answer.responseStatus !== Status.NotFound;
        capabilities.sources[`paths.${path}`] = 'probe';
      }
    }
  } catch (error) {
    capabilities.note ??= `could not ask the device: ${(error as Error).message}`;
    capabilities = given();
  } finally {
    await client.close();
  }
  if (capabilities.note !== undefined)
    options.log?.(`${target.name}: capabilities: ${capabilities.note}`);
  return capabilities;
}

/** Whether the device still answers a ping on a fresh connection (is the target alive?). */
export async function deviceAnswers(target: RunningTarget): Promise<boolean> {
  const client = new NanoRpcClient(target.endpoint, {
    name: 'liveness',
    connectTimeoutMs: PROBE_TIMEOUT_MS,
    requestTimeoutMs: PROBE_TIMEOUT_MS,
    reconnect: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}
