import { performance } from 'node:perf_hooks';
import type { NanoRpcClient } from '@nanorpc-sim/core';
import { quantile, type BenchRow } from '../measure.js';
import { startRig, type BenchTransport } from './bench-setup.js';

export interface LatencyBenchOptions {
  /** Time spent measuring each (transport, call) pair, in ms. Default 600. */
  durationMs?: number;
  /** Upper bound on samples per pair. Default 20 000. */
  maxSamples?: number;
  transports?: BenchTransport[];
}

/** Sequential round trips: one call in flight at a time; each sample is one call, in µs. */
async function sampleRoundTrips(
  call: () => Promise<unknown>,
  durationMs: number,
  maxSamples: number,
): Promise<number[]> {
  for (let i = 0; i < 200; i++) await call(); // warm-up: JIT, socket buffers
  const samples: number[] = [];
  const end = performance.now() + durationMs;
  while (samples.length < maxSamples) {
    const start = performance.now();
    await call();
    const now = performance.now();
    samples.push((now - start) * 1000);
    if (now >= end) break;
  }
  return samples;
}

/**
 * Round-trip latency p50/p99 of TYPE_PING and of a 32-byte TYPE_REQUEST to /echo, client and
 * server in this process, over TCP, a UNIX socket and a socat pty pair.
 */
export async function roundTripLatencyBenchmarks(
  options: LatencyBenchOptions = {},
): Promise<BenchRow[]> {
  const durationMs = options.durationMs ?? 600;
  const maxSamples = options.maxSamples ?? 20_000;
  const rows: BenchRow[] = [];
  const payload = new Uint8Array(32).fill(0xab);
  for (const transport of options.transports ?? (['tcp', 'unix', 'pty'] as const)) {
    const rig = await startRig(transport);
    try {
      const client: NanoRpcClient = await rig.connect();
      const calls: [string, () => Promise<unknown>][] = [
        ['ping', () => client.ping()],
        ['request 32 B', () => client.call('/echo', payload)],
      ];
      for (const [label, call] of calls) {
        const samples = await sampleRoundTrips(call, durationMs, maxSamples);
        const detail = `${samples.length} sequential round trips, client and server in one process`;
        for (const q of [0.5, 0.99]) {
          rows.push({
            name: `client-server ${label} rtt p${q * 100} (${transport})`,
            value: quantile(samples, q),
            unit: 'µs',
            detail,
          });
        }
      }
    } finally {
      await rig.close();
    }
  }
  return rows;
}
