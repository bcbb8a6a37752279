import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  NanoRpcServer,
  PtyPair,
  listenTransport,
  type Transport,
  type TransportListener,
} from '@nanorpc-sim/core';
import { DemoDevice, MAX_PATH_LENGTH } from './demo-device.js';
import { DemoProfile } from './demo-profile.js';
import {
  type EmulatorData,
  type EmulatorOptions,
  validateEmulatorOptions,
} from './emulator-options.js';
import { FaultController } from './fault-controller.js';
import { FaultyTransport } from './faulty-transport.js';
import { HandlerFaults } from './handler-faults.js';
import { LineSession } from './line-session.js';

import { SeededRandom } from './seeded-random.js';

/** A started emulator. */
export interface RunningEmulator {
  /** What a client connects to, e.g. `tcp://127.0.0.1:41234` or `serial:///tmp/x/host`. */
  readonly endpoint: string;
  /** The device state (LED, boot count, sequence), for tests. */
  readonly device: DemoDevice;
  /** The run's faults; change them while it runs. */
  readonly faults: FaultController;
  readonly server: NanoRpcServer;
  /** The links open now (each accepted connection or serial session), with fault statistics. */
  readonly links: ReadonlySet<FaultyTransport>;
  /** Restarts the device as /sys/reboot does. */
  reboot(): Promise<void>;
  /** Stops listening, drops every session, ends socat; safe to call more than once. */
  stop(): Promise<void>;
}

const PTY_SCHEME = /^pty(?::\/\/(.*))?$/;
const STOP_DEADLINE_MS = 200;

/**
 * Starts the demo device on `options.listen` with the given faults. On TCP and UNIX sockets
 * each connection is a session; on a serial line (or the pty pair it makes) the line stays
 * open and a new session starts whenever the previous one ends (a reboot, a disconnect fault).
 */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const { data, faults } = validateEmulatorOptions(options);
  const emulator = new Emulator(data, new FaultController(faults), options);
  try {
    await emulator.listen(data.listen);
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  return emulator;
}

class Emulator implements RunningEmulator {
  readonly server: NanoRpcServer;
  readonly device: DemoDevice;
  readonly faults: FaultController;
  readonly links = new Set<FaultyTransport>();
  endpoint = '';

  private readonly handlerFaults: HandlerFaults;
  private readonly logger: EmulatorOptions['logger'];
  private listener: TransportListener | undefined;
  private readonly ports = new Set<Transport>();
  private pty: PtyPair | undefined;
  private ownedDir: string | undefined;
  private linkCount = 0;
  private stopping: Promise<void> | undefined;

  constructor(data: EmulatorData, faults: FaultController, options: EmulatorOptions) {
    this.faults = faults;
    this.logger = options.logger;
    this.server = new NanoRpcServer({
      ...(data.maxFrameSize !== undefined && { maxFrameSize: data.maxFrameSize }),
      ...(data.maxSubscriptions !== undefined && {
        maxSubscriptionsPerSession: data.maxSubscriptions,
      }),
      ...(data.maxInFlightPerSession !== undefined && {
        maxInFlightPerSession: data.maxInFlightPerSession,
      }),
      ...(options.logger && { logger: options.logger }),
      ...(options.trace && { trace: options.trace }),
    });
    this.handlerFaults = new HandlerFaults(faults);
    this.device = new DemoDevice(this.server, {
      // /sys/info reports the limits the server really enforces.
      limits: {
        maxFrameSize: this.server.options.maxFrameSize,
        maxSubscriptions: this.server.options.maxSubscriptionsPerSession,
        maxPathLength: MAX_PATH_LENGTH,
      },
      profile: DemoProfile.load(data.protoDir),
      ...(data.deviceName !== undefined && { deviceName: data.deviceName }),
      ...(data.firmwareVersion !== undefined && { firmwareVersion: data.firmwareVersion }),
      beforeRequest: (ctx) => this.handlerFaults.beforeRequest(ctx),
      onRebootRequest: () => void this.reboot(),
    });
  }

  async listen(listen: string): Promise<void> {
    const pty = PTY_SCHEME.exec(listen);
    if (pty) {
      const dir = pty[1] ? path.resolve(pty[1]) : undefined;
      await this.listenOnPty(dir);
      return;
    }
    this.listener = await listenTransport(listen, (transport) => this.accept(transport));
    this.endpoint = this.listener.address;
  }

  async reboot(): Promise<void> {
    this.logger?.info(`emulator: rebooting (restart ${this.device.bootCount + 1})`);
    await this.device.reboot();
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async listenOnPty(dir: string | undefined): Promise<void> {
    if (dir) await mkdir(dir, { recursive: true });
    else this.ownedDir = await mkdtemp(path.join(os.tmpdir(), 'nanorpc-emulator-'));
    this.pty = await PtyPair.open({ dir: dir ?? (this.ownedDir as string) });
    this.listener = await listenTransport(`serial://${this.pty.devicePath}`, (transport) =>
      this.accept(transport),
    );
    this.endpoint = `serial://${this.pty.hostPath}`;
  }

  private accept(transport: Transport): void {
    if (this.stopping) {
      void transport.close();
      return;
    }
    if (transport.kind === 'serial') this.servePort(transport);
    else this.attach(transport);
  }

  /** A serial line stays open: each session is a view on it, restarted when it ends. */
  private servePort(port: Transport): void {
    this.ports.add(port);
    port.once('close', (error?: Error) => {
      this.ports.delete(port);
      if (!this.stopping) {
        this.logger?.warn(
          `emulator: serial line ${port.remote} closed${error ? `: ${error.message}` : ''}; the device is offline`,
        );
      }
    });
    const startSession = (): void => {
      if (this.stopping || port.closed) return;
      const session = new LineSession(port);
      // The next session starts once this one is fully gone (the device is back up).
      session.once('close', () => setImmediate(startSession));
      this.attach(session);
    };
    startSession();
  }

  private attach(transport: Transport): void {
    const random = new SeededRandom(this.faults.seed).fork(this.linkCount++);
    // Between the answer to /sys/reboot and the restart the device reads nothing, so a ping sent
    // then cannot be answered by the session that is about to end (docs/protocol.md, reboot).
    const link = new FaultyTransport(transport, this.faults, {
      random,
      reading: () => !this.device.rebootPending,
    });
    this.links.add(link);
    link.once('close', () => this.links.delete(link));
    this.server.attach(link);
  }

  private async shutdown(): Promise<void> {
    this.device.cancelPendingReboot();
    this.handlerFaults.cancelAll();
    await this.listener?.close();
    await this.server.close({ deadlineMs: STOP_DEADLINE_MS });
    await Promise.all([...this.links].map((link) => link.destroy()));
    await Promise.all([...this.ports].map((port) => port.close()));
    await this.pty?.close();
    if (this.ownedDir) await rm(this.ownedDir, { recursive: true, force: true });
  }
}
