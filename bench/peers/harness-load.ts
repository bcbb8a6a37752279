/**
 * The harness client as a load generator, the twin of nanorpc-ref-bench: same flags, same
 * measurements, same JSON document on stdout, so the peer bench reads both alike.
 *
 *   node --import tsx bench/peers/harness-load.ts --target tcp://127.0.0.1:41234 \
 *     [--pings 1000] [--requests 5000] [--sizes 32,1024] [--in-flight 1,16,256]
 *
 * ping: sequential round trips. echo: /echo requests of `size` random bytes, `in_flight` kept
 * outstanding until `requests` are answered; each latency runs from the call to its answer.
 *
 * Each measurement follows a warm-up of the same calls, left out: V8 compiles the hot path
 * while it runs, and a fresh process measured cold reports its compiler, not its steady state
 * (the Go binaries are compiled ahead of time and need none).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { NanoRpcClient, Status } from '@nanorpc-sim/core';
import { peerResult, type PeerReport, type PeerResult } from './peer-report.js';

const WARM_UP_CALLS = 2000;

function intList(text: string): number[] {
  const list = text.split(',').map((part) => Number(part.trim()));
  if (list.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error(`${JSON.stringify(text)}: want positive integers separated by commas`);
  }
  return list;
}

function transportOf(target: string): string {
  return target.slice(0, target.indexOf(':'));
}

async function pings(client: NanoRpcClient, target: string, n: number): Promise<PeerResult> {
  const latencies: number[] = [];
  let failed = 0;
  for (let i = 0; i < WARM_UP_CALLS; i++) await client.ping();
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    try {
      await client.ping();
      latencies.push((performance.now() - t) * 1000);
    } catch {
      failed++;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  return peerResult(target, transportOf(target), 'ping', 0, 0, n, failed, seconds, latencies);
}

async function echo(
  client: NanoRpcClient,
  target: string,
  size: number,
  inFlight: number,
  n: number,
): Promise<PeerResult> {
  await measureEcho(client, target, size, inFlight, Math.min(n, WARM_UP_CALLS));
  return measureEcho(client, target, size, inFlight, n);
}

async function measureEcho(
  client: NanoRpcClient,
  target: string,
  size: number,
  inFlight: number,
  n: number,
): Promise<PeerResult> {
  const payload = new Uint8Array(size).map(() => Math.floor(Math.random() * 256));
  const latencies: number[] = new Array<number>(n);
  let issued = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (issued < n) {
      const index = issued++;
      const t = performance.now();
      try {
        const response = await client.request('/echo', payload);
        if (response.responseStatus !== Status.Ok || response.data.length !== size) failed++;
      } catch {
        failed++;
      }
      latencies[index] = (performance.now() - t) * 1000;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(inFlight, n) }, worker));
  const seconds = (performance.now() - start) / 1000;
  return peerResult(
    target,
    transportOf(target),
    'echo',
    size,
    inFlight,
    n,
    failed,
    seconds,
    latencies,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      target: { type: 'string', multiple: true, default: [] },
      pings: { type: 'string', default: '1000' },
      requests: { type: 'string', default: '5000' },
      sizes: { type: 'string', default: '32,1024' },
      'in-flight': { type: 'string', default: '1,16,256' },
    },
    strict: true,
  });
  if (values.target.length === 0) throw new Error('give at least one --target');
  const [pingCount] = intList(values.pings) as [number];
  const [requestCount] = intList(values.requests) as [number];
  const report: PeerReport = {
    tool: 'harness-load',
    client: '@nanorpc-sim/core NanoRpcClient',
    started: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    results: [],
  };
  for (const target of values.target) {
    const client = new NanoRpcClient(target, {
      requestTimeoutMs: 10_000,
      queueLimit: 0,
      maxInFlight: 1024,
      reconnect: false,
    });
    await client.connect();
    report.results.push(await pings(client, target, pingCount));
    for (const size of intList(values.sizes)) {
      for (const inFlight of intList(values['in-flight'])) {
        report.results.push(await echo(client, target, size, inFlight, requestCount));
      }
    }
    await client.close();
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
