/**
 * `npm run soak -- --target T --minutes M --fault corrupt=0.01 --fault drop=0.01`: a mixed
 * load under link faults (issue 13, item 4). Checks that every call ends in exactly one
 * outcome within its deadline, nothing is left pending, no unhandled rejection or listener
 * leak, memory after the soak within a bound of the start, and the device answers at the end.
 * Exit status 0 when every check holds, 1 otherwise, 2 on bad options.
 */
import { parseArgs } from 'node:util';
import { NanoRpcClient } from '@nanorpc-sim/core';
import { TargetRegistry } from '../../harness/src/targets/target-registry.js';
import { CallLedger } from './call-ledger.js';
import { driveMixedLoad } from './soak-load.js';
import { deviceRssBytes, heapAfterGc, listenerCounts, MIB } from './soak-memory.js';

/** Heap growth allowed over the soak (client, and the server when it runs in this process). */
const HEAP_BOUND = 16 * MIB;
/** RSS growth allowed for a device process (the C firmware allocates statically). */
const DEVICE_RSS_BOUND = 8 * MIB;
const TIMEOUT_MS = 2000;
const SLACK_MS = 2000;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      target: { type: 'string', default: 'emulator-pty' },
      minutes: { type: 'string' },
      seconds: { type: 'string' },
      fault: { type: 'string', multiple: true, default: [] },
      'target-option': { type: 'string', multiple: true, default: [] },
      'reboot-every': { type: 'string', default: '5' },
      // Longest wait between rounds for the reconnection, s (a QEMU reset takes a few seconds);
      // 0 starts the next round at once, connected or not.
      'reconnect-wait': { type: 'string', default: '15' },
    },
  });
  const seconds =
    values.seconds !== undefined ? Number(values.seconds) : Number(values.minutes ?? '1') * 60;
  if (!(seconds > 0)) throw new Error('--minutes or --seconds must be a positive number');
  const reconnectBoundMs = Number(values['reconnect-wait']) * 1000;
  if (!(reconnectBoundMs >= 0)) throw new Error('--reconnect-wait must be a number of seconds');
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error('run node with --expose-gc (npm run soak does)');
  const settings = Object.fromEntries(
    values['target-option'].map((entry) => entry.split(/=(.*)/s, 2)),
  );
  const provider = TargetRegistry.builtIn().select(values.target, {
    faults: values.fault,
    settings,
  });
  const abort = new AbortController();
  const target = await provider.start({
    cwd: process.cwd(),
    faults: values.fault,
    settings,
    log: (line) => console.error(line),
    signal: abort.signal,
  });
  let unhandled = 0;
  process.on('unhandledRejection', (reason) => {
    unhandled++;
    console.error('unhandled rejection:', reason);
  });
  const client = new NanoRpcClient(target.endpoint, {
    requestTimeoutMs: TIMEOUT_MS,
    // A dropped byte on a stream leaves the decoder waiting for a body that never completes:
    // the keep-alive ping finds the link dead and the client reconnects.
    keepAliveMs: 1000,
    reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
  });
  // Errors the client reports outside any call (e.g. frames it could not use) are expected.
  let clientErrors = 0;
  client.on('error', () => clientErrors++);
  const ledger = new CallLedger();
  // Small frames: with 1% of bytes damaged, most large frames would be lost.
  const maxEcho = 128;
  try {
    await client.connect();
    const warmUpMs = Math.min(5000, seconds * 100);
    const common = {
      client,
      ledger,
      timeoutMs: TIMEOUT_MS,
      slackMs: SLACK_MS,
      rebootEveryMs: Number(values['reboot-every']) * 1000,
      maxEcho,
      reconnectBoundMs,
      ...(target.reset !== undefined && { reset: () => (target.reset as () => Promise<void>)() }),
    };
    await driveMixedLoad({ ...common, until: performance.now() + warmUpMs });
    await waitForDevice(client, ledger);
    const heapBefore = heapAfterGc(gc);
    const deviceBefore = deviceRssBytes();
    const listenersBefore = listenerCounts(client);
    console.error(
      `soak: ${values.target} for ${seconds} s, faults ${values.fault.join(' ') || '(none)'}`,
    );
    const load = await driveMixedLoad({ ...common, until: performance.now() + seconds * 1000 });
    const leftPending = await ledger.settle(TIMEOUT_MS + SLACK_MS);
    const answered = await waitForDevice(client, ledger);
    const heapAfter = heapAfterGc(gc);
    const deviceAfter = deviceRssBytes();
    const listenersAfter = listenerCounts(client);

    const failures = [...ledger.violations.slice(0, 20)];
    if (leftPending > 0) failures.push(`${leftPending} call(s) still pending after the soak`);
    // The client's own calls (a keep-alive ping, an unsubscribe after a late ack) may be in
    // flight now: each has a deadline, so only one still held after that is a leak.
    const held = await clientCallsAfter(client, TIMEOUT_MS + SLACK_MS);
    if (held > 0) failures.push(`the client still holds ${held} call(s)`);
    if (unhandled > 0) failures.push(`${unhandled} unhandled rejection(s)`);
    if (!answered) failures.push('the device did not answer a ping at the end');
    if (JSON.stringify(listenersAfter) !== JSON.stringify(listenersBefore)) {
      failures.push(
        `listener counts changed: ${JSON.stringify(listenersBefore)} -> ${JSON.stringify(listenersAfter)}`,
      );
    }
    if (heapAfter - heapBefore > HEAP_BOUND)
      failures.push(`heap grew by more than ${HEAP_BOUND / MIB} MiB`);
    if (
      deviceBefore !== undefined &&
      deviceAfter !== undefined &&
      deviceAfter - deviceBefore > DEVICE_RSS_BOUND
    ) {
      failures.push(`device RSS grew by more than ${DEVICE_RSS_BOUND / MIB} MiB`);
    }
    const mib = (bytes: number | undefined): string =>
      bytes === undefined ? 'n/a' : `${(bytes / MIB).toFixed(1)} MiB`;
    const rows: [string, string][] = [
      ['target', `${values.target} (${target.endpoint})`],
      ['faults', values.fault.join(' ') || '(none)'],
      [
        'duration',
        `${seconds} s, ${load.rounds} rounds, ${load.reboots} reboots, ${load.updates} updates received`,
      ],
      [
        'reconnections waited for',
        `${load.reconnectWaits}, longest ${Math.round(load.longestReconnectWaitMs)} ms, ` +
          `${load.reconnectWaitsOverBound} past the ${reconnectBoundMs} ms bound`,
      ],
      ['stuck links closed by the soak', String(load.stuckLinksClosed)],
      ['calls', String(ledger.calls)],
      ['  response', String(ledger.outcomes.response)],
      ['  typed timeout', String(ledger.outcomes.timeout)],
      ['  link error', `${ledger.outcomes['link-error']}${describeCounts(ledger.linkErrors)}`],
      [
        '  started with the link down',
        `${ledger.startedLinkDown} (${ledger.startedLinkDownLinkErrors} of them ended in a link error)`,
      ],
      ['  violations', String(ledger.violations.length)],
      ['  left pending', String(leftPending)],
      [
        'worst settle past deadline',
        `${Math.max(0, Math.round(ledger.worstOverrunMs))} ms (bound ${SLACK_MS})`,
      ],
      ['client errors (outside calls)', String(clientErrors)],
      ['unhandled rejections', String(unhandled)],
      [
        'listeners before/after',
        `${JSON.stringify(listenersBefore)} / ${JSON.stringify(listenersAfter)}`,
      ],
      [
        'heapUsed after gc before/after',
        `${mib(heapBefore)} / ${mib(heapAfter)} (bound +${HEAP_BOUND / MIB} MiB)`,
      ],
      [
        'device RSS before/after',
        `${mib(deviceBefore)} / ${mib(deviceAfter)} (bound +${DEVICE_RSS_BOUND / MIB} MiB)`,
      ],
      ['device answers at the end', answered ? 'yes' : 'NO'],
      ['verdict', failures.length === 0 ? 'PASS' : 'FAIL'],
    ];
    const width = Math.max(...rows.map(([name]) => name.length));
    console.log(rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n'));
    for (const [code, message] of Object.entries(ledger.linkErrorExamples)) {
      console.log(`first ${code}: ${message}`);
    }
    for (const failure of failures) console.log(`FAIL ${failure}`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    await client.close();
    await target.stop();
  }
}

/** " (A 3, B 1)", largest first; empty for no counts. */
function describeCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? '' : ` (${entries.map(([k, n]) => `${k} ${n}`).join(', ')})`;
}

/** Pings until one pong comes back (faults may eat a few), within about 20 s. */
async function waitForDevice(client: NanoRpcClient, ledger: CallLedger): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pong = await ledger.track(
      'final ping',
      TIMEOUT_MS,
      SLACK_MS,
      client.ping({ timeoutMs: TIMEOUT_MS }),
    );
    if (pong !== undefined) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    console.error(`soak: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);

/** How many calls the client still holds once `boundMs` has passed (0 as soon as it is 0). */
async function clientCallsAfter(client: NanoRpcClient, boundMs: number): Promise<number> {
  const deadline = performance.now() + boundMs;
  while (client.pendingCount > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return client.pendingCount;
}
