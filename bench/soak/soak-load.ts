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
export async function driveMixedLoad(
  options: LoadOptions,
): Promise<{ rounds: number; updates: number; reboots: number }> {
  const { client, ledger, timeoutMs, slackMs } = options;
  const call = { timeoutMs };
  let rounds = 0;
  let updates = 0;
  let reboots = 0;
  let nextReboot = performance.now() + options.rebootEveryMs;
  while (performance.now() < options.until) {
    rounds++;
    const window: Promise<unknown>[] = [];
    for (let i = 0; i < 8; i++) {
      const data = randomBytes(1 + ((rounds * 8 + i) % options.maxEcho));
      window.push(
        ledger.track('request /echo', timeoutMs, slackMs, client.request('/echo', data, call)),
      );
    }
    window.push(ledger.track('ping', timeoutMs, slackMs, client.ping(call)));
    const subscription = (await ledger.track(
      'subscribe /sensors/temp',
      timeoutMs,
      slackMs,
      client.subscribe('/sensors/temp', undefined, () => updates++, call),
    )) as Subscription | undefined;
    window.push(
      ledger.track(
        'request /test/publish',
        timeoutMs,
        slackMs,
        client.request('/test/publish', publishRequest(3, 20_000, 100), call),
      ),
    );
    await Promise.all(window);
    if (subscription !== undefined && subscription.phase === 'active') {
      await ledger.track('unsubscribe', timeoutMs, slackMs, subscription.unsubscribe(call));
    }
    if (performance.now() >= nextReboot) {
      reboots++;
      nextReboot = performance.now() + options.rebootEveryMs;
      if (options.reset) {
        await ledger.track('target reset', 30_000, slackMs, options.reset());
      } else {
        await ledger.track(
          'request /sys/reboot',
          timeoutMs,
          slackMs,
          client.request('/sys/reboot', undefined, call),
        );
      }
      await sleep(200);
    }
    // When the link is down, give the reconnect a moment rather than spin on refusals.
    if (!client.connected) await sleep(50);
  }
  return { rounds, updates, reboots };
}
