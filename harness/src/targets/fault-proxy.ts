import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  PtyPair,
  connectTransport,
  formatEndpoint,
  listenTransport,
  parseEndpoint,
  type Endpoint,
  type Transport,
  type TransportKind,
  type TransportListener,
} from '@nanorpc-sim/core';
import {
  FaultController,
  FaultyTransport,
  LineSession,
  SeededRandom,
  type FaultInput,
} from '@nanorpc-sim/emulator';

export interface FaultProxyOptions {
  /** The device's own endpoint (tcp, unix or serial). */
  target: string;
  /** Link faults (latency, jitter, baud, drop, corrupt, disconnect-after, seed). */
  faults: FaultInput;
  log: (line: string) => void;
  /** How long connecting to the device may take for each harness connection. */
  connectTimeoutMs?: number;
}

/**
 * A transparent relay between the harness and a device it cannot change (firmware-host, QEMU,
 * a board), applying the emulator's link faults to what the device sends, with the emulator's
 * own fault layer (FaultyTransport). Bytes from the harness pass through untouched.
 *
 * - tcp/unix target: listens on the same kind (loopback port, or a socket in a temporary
 *   folder); each harness connection opens its own connection to the device, and either side
 *   closing closes the other (a device reboot drops the harness's connection as it would).
 * - serial target: holds the device's line open and offers a pseudo-terminal pair in its
 *   place; the harness opens the host end with its serial transport. A disconnect fault ends
 *   one view of the line (LineSession) and the next begins at once, as on the emulator's pty.
 */
export class FaultProxy {
  readonly endpoint: string;
  readonly transportKind: TransportKind;
  readonly controller: FaultController;
  private readonly links = new Set<FaultyTransport>();
  private readonly devices = new Set<Transport>();
  private linkCount = 0;
  private stopping: Promise<void> | undefined;

  private constructor(
    endpoint: string,
    kind: TransportKind,
    controller: FaultController,
    private readonly cleanUp: () => Promise<void>,
  ) {
    this.endpoint = endpoint;
    this.transportKind = kind;
    this.controller = controller;
  }

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const target = parseEndpoint(options.target);
    const controller = new FaultController(options.faults);
    const tempDir = await mkdtemp(path.join(os.tmpdir(), 'nanorpc-fault-proxy-'));
    const resources: { listener?: TransportListener; pty?: PtyPair } = {};
    // The proxy exists before it listens, so accepted links find their bookkeeping.
    let proxy: FaultProxy | undefined;
    const cleanUp = async (): Promise<void> => {
      await resources.listener?.close();
      await resources.pty?.close();
      await rm(tempDir, { recursive: true, force: true });
    };
    try {
      if (target.kind === 'serial') {
        const device = await connectTransport(target);
        resources.pty = await PtyPair.open({ dir: tempDir });
        const front = frontSerialEndpoint(target, resources.pty.hostPath);
        proxy = new FaultProxy(front, 'serial', controller, cleanUp);
        const started = proxy;
        resources.listener = await listenTransport(`serial://${resources.pty.devicePath}`, (port) =>
          started.serveLine(port, device),
        );
      } else {
        const listen =
          target.kind === 'tcp'
            ? 'tcp://127.0.0.1:0'
            : `unix://${path.join(tempDir, 'proxy.sock')}`;
        let accept: (front: Transport) => void = (front) => void front.close();
        resources.listener = await listenTransport(listen, (front) => accept(front));
        proxy = new FaultProxy(resources.listener.address, target.kind, controller, cleanUp);
        const started = proxy;
        accept = (front) => started.relayStream(front, target, options.connectTimeoutMs ?? 5000);
      }
    } catch (error) {
      await cleanUp();
      throw error;
    }
    options.log(
      `fault-proxy: ${proxy.endpoint} -> ${options.target} (seed ${controller.seed}; seed=${controller.seed} repeats the run)`,
    );
    return proxy;
  }

  /** Stops relaying and releases the pty or listener; safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.all([...this.links].map((link) => link.destroy()));
      await Promise.all([...this.devices].map((device) => device.close()));
      await this.cleanUp();
    })();
    return this.stopping;
  }

  private wrap(front: Transport): FaultyTransport {
    const random = new SeededRandom(this.controller.seed).fork(this.linkCount++);
    const link = new FaultyTransport(front, this.controller, { random });
    this.links.add(link);
    link.once('close', () => this.links.delete(link));
    return link;
  }

  /** One harness connection: its own connection to the device, relayed both ways. */
  private relayStream(front: Transport, target: Endpoint, timeoutMs: number): void {
    if (this.stopping) {
      void front.close();
      return;
    }
    const link = this.wrap(front);
    // The harness may write before the device connection is up: keep its bytes in order.
    const early: Uint8Array[] = [];
    const hold = (chunk: Uint8Array): void => void early.push(Uint8Array.from(chunk));
    link.on('data', hold);
    connectTransport(target, { timeoutMs }).then(
      (device) => {
        link.off('data', hold);
        if (link.closed || this.stopping) {
          void device.close();
          return;
        }
        this.devices.add(device);
        for (const chunk of early) void device.write(chunk).catch(() => undefined);
        this.join(link, device);
        device.once('close', () => {
          this.devices.delete(device);
          // close() lets the bytes already in flight arrive, as the device's FIN would.
          void link.close();
        });
        link.once('close', () => void device.close());
      },
      () => void link.destroy(),
    );
  }

  /** The serial line: one view of it after another, each with its own fault link. */
  private serveLine(port: Transport, device: Transport): void {
    this.devices.add(device);
    let current: FaultyTransport | undefined;
    device.on('data', (chunk) => void current?.write(chunk).catch(() => undefined));
    const startView = (): void => {
      if (this.stopping || port.closed) return;
      const link = this.wrap(new LineSession(port));
      current = link;
      link.on('data', (chunk) => void device.write(chunk).catch(() => undefined));
      link.once('close', () => {
        if (current === link) current = undefined;
        setImmediate(startView);
      });
    };
    startView();
  }

  private join(link: FaultyTransport, device: Transport): void {
    device.on('data', (chunk) => void link.write(chunk).catch(() => undefined));
    link.on('data', (chunk) => void device.write(chunk).catch(() => undefined));
  }
}

/** The host end of the proxy's pty, with the target's line settings but no modem-line reset. */
function frontSerialEndpoint(target: Endpoint & { kind: 'serial' }, hostPath: string): string {
  return formatEndpoint({
    ...target,
    path: hostPath,
    toggleDtrRtsOnOpen: false,
    resetLines: 'none',
    text: '',
  });
}
