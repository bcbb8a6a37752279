import type protobuf from 'protobufjs';
import { Status, type RequestContext, type NanoRpcServer, StatusError } from '@nanorpc-sim/core';
import { DemoProfile, type ProfileMethod, ProfileError } from './demo-profile.js';

/** The NanoRPC limits a device reports in /sys/info. */
export interface DeviceLimits {
  maxFrameSize: number;
  maxSubscriptions: number;
  maxPathLength: number;
}

export interface DemoDeviceOptions {
  /** Limits reported by /sys/info: take them from the options the server was made with. */
  limits: DeviceLimits;
  profile?: DemoProfile;
  deviceName?: string;
  firmwareVersion?: string;
  /** Milliseconds, monotonic; uptime counts from boot on this clock. */
  now?: () => number;
  /**
   * Runs before every request handler (the emulator's slow and silent faults). It may wait;
   * if it throws, the request is answered with that error.
   */
  beforeRequest?: (ctx: RequestContext) => Promise<void> | void;
  /**
   * Called once /sys/reboot has been answered. Default: `reboot()`, which restarts the state
   * and drops every session.
   */
  onRebootRequest?: () => void;
}

/** Longest path the firmware accepts (nanopb max_size of NanoRPCRequest.path). */
export const MAX_PATH_LENGTH = 50;
export const DEVICE_NAME = 'nanorpc-demo';
export const EMULATOR_FIRMWARE_VERSION = '0.1.0-emulator';
/** A /test/publish may ask for at most this many readings (bounds the work of one request). */
export const MAX_PUBLISH_COUNT = 1000;

const LED_READ = 0;
const LED_OFF = 1;
const LED_ON = 2;
const LED_TOGGLE = 3;

type Behaviour = (ctx: RequestContext, method: ProfileMethod) => Uint8Array | void;

/**
 * The demo device profile (docs/protocol.md, "The demo device profile") served by a NanoRpcServer: every rpc of
 * proto/demo_device.proto at the path its `(nanorpc).request_path` option names.
 * Holds the device state: LED, boot count, boot time and the temperature sequence.
 */
export class DemoDevice {
  readonly profile: DemoProfile;
  readonly server: NanoRpcServer;
  readonly limits: Readonly<DeviceLimits>;
  readonly deviceName: string;
  readonly firmwareVersion: string;

  private ledIsOn = false;
  private restarts = 0;
  private bootedAt: number;
  private sequence = 1;
  private readonly now: () => number;
  private readonly beforeRequest: DemoDeviceOptions['beforeRequest'];
  private readonly onRebootRequest: () => void;
  private pendingReboot: ReturnType<typeof setTimeout> | undefined;
  private readonly temperature: ProfileMethod;

  constructor(server: NanoRpcServer, options: DemoDeviceOptions) {
    this.server = server;
    this.profile = options.profile ?? DemoProfile.load();
    this.limits = { ...options.limits };
    this.deviceName = options.deviceName ?? DEVICE_NAME;
    this.firmwareVersion = options.firmwareVersion ?? EMULATOR_FIRMWARE_VERSION;
    this.now = options.now ?? (() => performance.now());
    this.bootedAt = this.now();
    this.beforeRequest = options.beforeRequest;
    this.onRebootRequest = options.onRebootRequest ?? (() => void this.reboot());
    this.temperature = this.profile.method('SubscribeTemperature');

    const behaviours: Record<string, Behaviour> = {
      GetInfo: (ctx, method) => {
        this.decode(method.request, ctx.data);
        return this.encode(method.response, this.info());
      },
      Echo: (ctx) => ctx.data,
      Multiply: (ctx, method) => this.multiplyRequest(ctx, method),
      Led: (ctx, method) => this.ledRequest(ctx, method),
      Publish: (ctx, method) => this.publishRequest(ctx, method),
      Fail: (ctx, method) => {
        this.decode(method.request, ctx.data);
        throw new StatusError(Status.InternalError, 'simulated failure');
      },
      Forbidden: (ctx, method) => {
        this.decode(method.request, ctx.data);
        throw new StatusError(Status.NotAuthorized, 'forbidden');
      },
      Reboot: (ctx, method) => this.rebootRequest(ctx, method),
    };
    for (const method of this.profile.methods) {
      if (method.subscription) {
        this.serveTopic(method);
        continue;
      }
      const behaviour = behaviours[method.name];
      if (!behaviour)
        throw new ProfileError(`the emulator has no behaviour for rpc ${method.name}`);
      server.handle(method.path, (ctx) => {
        const fault = this.beforeRequest?.(ctx);
        // No fault and no reboot pending: answer at once, without a promise (a synchronous
        // handler's answer is written in the same tick, and never counts as in flight).
        if (fault === undefined && this.pendingReboot === undefined) return behaviour(ctx, method);
        return this.answerLater(fault, ctx, method, behaviour);
      });
    }
  }

  private async answerLater(
    fault: Promise<void> | void,
    ctx: RequestContext,
    method: ProfileMethod,
    behaviour: Behaviour,
  ): Promise<Uint8Array | void> {
    await fault;
    // Between the /sys/reboot answer and the restart the device is going down: like the
    // firmware, it answers nothing more (the restart ends the session and this wait).
    if (this.pendingReboot !== undefined) await untilAborted(ctx.signal);
    return behaviour(ctx, method);
  }

  /** The simulated LED. */
  get ledOn(): boolean {
    return this.ledIsOn;
  }

  /** Restarts since power-on: 0 after start, +1 for each reboot. */
  get bootCount(): number {
    return this.restarts;
  }

  get uptimeMs(): number {
    return Math.max(0, Math.floor(this.now() - this.bootedAt));
  }

  /** The sequence number the next published reading gets. */
  get nextSequence(): number {
    return this.sequence;
  }

  /** The /sys/info contents. */
  info(): {
    deviceName: string;
    firmwareVersion: string;
    uptimeMs: number;
    maxFrameSize: number;
    maxSubscriptions: number;
    maxPathLength: number;
    bootCount: number;
  } {
    return {
      deviceName: this.deviceName,
      firmwareVersion: this.firmwareVersion,
      uptimeMs: this.uptimeMs,
      maxFrameSize: this.limits.maxFrameSize,
      maxSubscriptions: this.limits.maxSubscriptions,
      maxPathLength: this.limits.maxPathLength,
      bootCount: this.restarts,
    };
  }

  /**
   * Publishes one temperature reading on the temperature topic; returns the number of update
   * frames queued (subscribers whose filter accepts it).
   */
  publishTemperature(milliCelsius: number): number {
    const reading = { sequence: this.sequence, milliCelsius };
    this.sequence++;
    return this.server.publish(
      this.temperature.path,
      this.encode(this.temperature.response, reading),
    );
  }

  /**
   * Restarts the device state as a reset does: LED off, uptime from 0, sequence back to 1,
   * boot count + 1. Sessions are the transport's business (see reboot()).
   */
  restart(): void {
    this.cancelPendingReboot();
    this.ledIsOn = false;
    this.bootedAt = this.now();
    this.sequence = 1;
    this.restarts++;
  }

  /** A full restart: state, then every session (and so every subscription) is dropped. */
  async reboot(): Promise<void> {
    this.restart();
    await this.server.closeAllSessions();
  }

  /** True from the answer to /sys/reboot until the restart it scheduled. */
  get rebootPending(): boolean {
    return this.pendingReboot !== undefined;
  }

  /** Forgets a reboot that /sys/reboot scheduled but that has not happened yet. */
  cancelPendingReboot(): void {
    if (this.pendingReboot !== undefined) clearTimeout(this.pendingReboot);
    this.pendingReboot = undefined;
  }

  private serveTopic(method: ProfileMethod): void {
    if (method.name !== this.temperature.name) {
      throw new ProfileError(`the emulator has no behaviour for subscription ${method.name}`);
    }
    this.server.topic(method.path, {
      onSubscribe: (ctx) => {
        // Refuse a filter that does not decode, so the subscriber learns at once.
        this.decode(method.request, ctx.data);
      },
      filter: (filter, data) => {
        if (filter.length === 0) return true;
        const min = this.decodeQuietly(method.request, filter)?.['minMilliCelsius'];
        const reading = this.decodeQuietly(method.response, data)?.['milliCelsius'];
        return typeof min === 'number' && typeof reading === 'number' && reading >= min;
      },
    });
  }

  private multiplyRequest(ctx: RequestContext, method: ProfileMethod): Uint8Array {
    const request = this.decode(method.request, ctx.data);
    const product = BigInt(Number(request['a'] ?? 0)) * BigInt(Number(request['b'] ?? 0));
    return this.encode(method.response, { product: toLongBits(product) });
  }

  private ledRequest(ctx: RequestContext, method: ProfileMethod): Uint8Array {
    const action = Number(this.decode(method.request, ctx.data)['action'] ?? LED_READ);
    switch (action) {
      case LED_READ:
        break;
      case LED_OFF:
        this.ledIsOn = false;
        break;
      case LED_ON:
        this.ledIsOn = true;
        break;
      case LED_TOGGLE:
        this.ledIsOn = !this.ledIsOn;
        break;
      default:
        throw new StatusError(Status.InternalError, 'unknown LED action');
    }
    return this.encode(method.response, { on: this.ledIsOn });
  }

  private publishRequest(ctx: RequestContext, method: ProfileMethod): Uint8Array {
    const request = this.decode(method.request, ctx.data);
    const count = Number(request['count'] ?? 0);
    if (count > MAX_PUBLISH_COUNT) {
      throw new StatusError(Status.InternalError, `count above ${MAX_PUBLISH_COUNT}`);
    }
    const start = Number(request['startMilliCelsius'] ?? 0);
    const step = Number(request['stepMilliCelsius'] ?? 0);
    let delivered = 0;
    // publish() queues the updates on each session before the handler's response.
    for (let index = 0; index < count; index++) {
      delivered += this.publishTemperature(wrapInt32(start + index * step));
    }
    return this.encode(method.response, { published: count, delivered });
  }

  private rebootRequest(ctx: RequestContext, method: ProfileMethod): Uint8Array {
    this.decode(method.request, ctx.data);
    this.cancelPendingReboot();
    // A timer, not a microtask: the OK response must be handed to the link before the
    // sessions go down.
    this.pendingReboot = setTimeout(() => {
      this.pendingReboot = undefined;
      this.onRebootRequest();
    }, 0);
    return new Uint8Array(0);
  }

  /**
   * Decodes a request payload (paths taking demo.Empty check it too, as the firmware does);
   * one that does not decode is STATUS_INTERNAL_ERROR "cannot decode demo.X", the firmware's
   * exact message.
   */
  private decode(type: protobuf.Type, data: Uint8Array): Record<string, unknown> {
    try {
      return type.toObject(type.decode(data), { longs: Number, enums: Number }) as Record<
        string,
        unknown
      >;
    } catch {
      throw new StatusError(
        Status.InternalError,
        `cannot decode ${type.fullName.replace(/^\./, '')}`,
      );
    }
  }

  private decodeQuietly(
    type: protobuf.Type,
    data: Uint8Array,
  ): Record<string, unknown> | undefined {
    try {
      return this.decode(type, data);
    } catch {
      return undefined;
    }
  }

  private encode(type: protobuf.Type, value: Record<string, unknown>): Uint8Array {
    return type.encode(value).finish();
  }
}

/** Never resolves; rejects when `signal` aborts. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    const fail = (): void =>
      reject(signal.reason instanceof Error ? signal.reason : new Error('request aborted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/** protobufjs takes 64-bit integers as {low, high} words. */
function toLongBits(value: bigint): { low: number; high: number; unsigned: boolean } {
  const bits = BigInt.asUintN(64, value);
  return {
    low: Number(bits & 0xffffffffn) | 0,
    high: Number(bits >> 32n) | 0,
    unsigned: false,
  };
}

/** sint32 wraps like the C firmware's int32 arithmetic. */
function wrapInt32(value: number): number {
  return Number(BigInt.asIntN(32, BigInt(value)));
}
