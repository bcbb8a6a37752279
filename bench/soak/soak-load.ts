import { randomBytes } from 'node:crypto';
import type { NanoRpcClient, Subscription } from '@nanorpc-sim/core';
import type { CallLedger } from './call-ledger.js';

export interface LoadOptions {
  client: NanoRpcClient;
  ledger: CallLedger;
  /** Ends the load when it passes (performance.now() time). */
  until: number;
  /** Per-call deadline, ms. */
  timeoutMs: number;
  /** Slack on each deadline, ms (see CallLedger.track). */
  slackMs: number;
  /** Ms between reboots; the reboot is the target's own reset, else /sys/reboot. */
  rebootEveryMs: number;
  reset?: () => Promise<void>;
  /** Largest echo payload (the firmware's frames are 256 bytes). */
  maxEcho: number;
  /** Longest wait for the client's reconnection between rounds, ms. */
  reconnectBoundMs: number;
}

export interface LoadResult {
  rounds: number;
  updates: number;
  reboots: number;
  /** Rounds that ended with the link down, so the next one waited for the reconnection. */
  reconnectWaits: number;
  /** Of those, waits that reached reconnectBoundMs (the next round started unconnected). */
  reconnectWaitsOverBound: number;
  /** Longest of those waits, ms. */
  longestReconnectWaitMs: number;
  /** Rounds whose writes failed on a link the client still called connected (closed here). */
  stuckLinksClosed: number;
}

/**
 * Resolves once the client is connected, or after `limitMs`; true when connected. Listens for
 * 'connect' (and removes its listener either way, so the soak's listener check holds). A client
 * left 'idle' (no reconnection under way) is asked to connect.
 */
export function waitForConnection(client: NanoRpcClient, limitMs: number): Promise<boolean> {
  if (client.connected) return Promise.resolve(true);
  if (client.state === 'closed') return Promise.resolve(false);
  return new Promise((resolve) => {
    const finish = (connected: boolean): void => {
      clearTimeout(timer);
      client.off('connect', onConnect);
      resolve(connected);
    };
    const onConnect = (): void => finish(true);
    const timer = setTimeout(() => finish(client.connected), limitMs);
    client.on('connect', onConnect);
    // A failed attempt needs no handling here: the wait runs to its bound.
    if (client.state === 'idle') client.connect().catch(() => undefined);
  });
}

/** PublishRequest { count, start_milli_celsius, step_milli_celsius } (sint32: zigzag). */
function publishRequest(count: number, start: number, step: number): Uint8Array {
  const varint = (value: number): number[] => {
    const out: number[] = [];
    let rest = value >>> 0;
    while (rest >= 0x80) {
      out.push((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    out.push(rest);
    return out;
  };
  const zigzag = (value: number): number => ((value << 1) ^ (value >> 31)) >>> 0;
  return Uint8Array.from([
    0x08,
    ...varint(count),
    0x10,
    ...varint(zigzag(start)),
    0x18,
    ...varint(zigzag(step)),
  ]);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One round after another until `until`: a window of pipelined requests and pings, a
 * subscription that sees published updates then unsubscribes, and now and then a reboot.
 * Every call goes through the ledger; a round never waits longer than its calls' deadlines.
 */
export async function driveMixedLoad(options: LoadOptions): Promise<LoadResult> {
  const { client, ledger, timeoutMs, slackMs } = options;
  const call = { timeoutMs };
  // The link's state is read before the call starts (starting it may change it).
  const track = <T>(kind: string, start: () => Promise<T>): Promise<T | undefined> => {
    const linkDown = !client.connected;
    return ledger.track(kind, timeoutMs, slackMs, start(), linkDown);
  };
  let rounds = 0;
  let updates = 0;
  let reboots = 0;
  let reconnectWaits = 0;
  let reconnectWaitsOverBound = 0;
  let longestReconnectWaitMs = 0;
  let stuckLinksClosed = 0;
  let nextReboot = performance.now() + options.rebootEveryMs;
  while (performance.now() < options.until) {
    rounds++;
    const writeFailuresBefore = ledger.linkErrors['ERR_TRANSPORT_CLOSED'] ?? 0;
    const window: Promise<unknown>[] = [];
    for (let i = 0; i < 8; i++) {
      const data = randomBytes(1 + ((rounds * 8 + i) % options.maxEcho));
      window.push(track('request /echo', () => client.request('/echo', data, call)));
    }
    window.push(track('ping', () => client.ping(call)));
    const subscription: Subscription | undefined = await track('subscribe /sensors/temp', () =>
      client.subscribe('/sensors/temp', undefined, () => updates++, call),
    );
    window.push(
      track('request /test/publish', () =>
        client.request('/test/publish', publishRequest(3, 20_000, 100), call),
      ),
    );
    await Promise.all(window);
    if (subscription !== undefined && subscription.phase === 'active') {
      await track('unsubscribe', () => subscription.unsubscribe(call));
    }
    if (performance.now() >= nextReboot) {
      reboots++;
      nextReboot = performance.now() + options.rebootEveryMs;
      if (options.reset) {
        await ledger.track('target reset', 30_000, slackMs, options.reset());
      } else {
        await track('request /sys/reboot', () => client.request('/sys/reboot', undefined, call));
      }
      await sleep(200);
    }
    // The link went down in this round (a corrupted length prefix, a keep-alive that found a
    // stuck decoder, a reboot): calls started now would only meet the reconnection's refusals
    // and drops, so the next round waits for the client to be connected again, within a bound.
    // Writes refused by a transport while the client still says 'connected': the client did
    // not notice that link end (seen on a serial port after a QEMU reset), and every later call
    // would fail at once. Closing the transport makes the client see it and reconnect.
    if (
      (ledger.linkErrors['ERR_TRANSPORT_CLOSED'] ?? 0) > writeFailuresBefore &&
      client.connected
    ) {
      stuckLinksClosed++;
      await client.transport?.close();
    }
    if (!client.connected && performance.now() < options.until) {
      reconnectWaits++;
      const started = performance.now();
      if (!(await waitForConnection(client, options.reconnectBoundMs))) reconnectWaitsOverBound++;
      longestReconnectWaitMs = Math.max(longestReconnectWaitMs, performance.now() - started);
    }
  }
  return {
    rounds,
    updates,
    reboots,
    reconnectWaits,
    reconnectWaitsOverBound,
    longestReconnectWaitMs,
    stuckLinksClosed,
  };
}
