import { performance } from 'node:perf_hooks';
import { NanoRpcClient } from '@nanorpc-sim/core';
import { startEmulator } from '@nanorpc-sim/emulator';
import { quantile, type BenchRow } from '../measure.js';

const BAUD = 115_200;

async function withEmulator<T>(
  faults: string[],
  body: (client: NanoRpcClient) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator({ listen: 'pty', faults });
  const client = new NanoRpcClient(emulator.endpoint, {
    requestTimeoutMs: 30_000,
    queueLimit: 0,
    reconnect: false,
  });
  try {
    await client.connect();
    return await body(client);
  } finally {
    await client.close();
    await emulator.stop();
  }
}

/**
 * Pipelined 1 KiB /echo requests over a pty with the emulator's line throttled to 115,200
 * baud (its `baud` fault, device -> host): the bytes of answers received per second against
 * the line's budget, baud / 10 bytes per second (8N1). Measured between the first and the
 * last answer of the window, so the pipeline's filling does not count.
 */
export async function throttledSerialBenchmark(durationMs = 3000, inFlight = 8): Promise<BenchRow> {
  return withEmulator([`baud=${BAUD}`], async (client) => {
    const payload = new Uint8Array(1024).fill(0x3c);
    let bytes = 0;
    let first = 0;
    let last = 0;
    let counting = false;
    client.transport?.on('data', (chunk: Uint8Array) => {
      const now = performance.now();
      if (!counting) return;
      if (first === 0) first = now;
      else bytes += chunk.length; // the first chunk's bytes left the line before `first`
      last = now;
    });
    let running = true;
    const worker = async (): Promise<void> => {
      while (running) await client.request('/echo', payload);
    };
    const workers = Array.from({ length: inFlight }, worker);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the pipeline fills
    counting = true;
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    counting = false;
    running = false;
    await Promise.all(workers);
    const perSecond = (bytes * 1000) / (last - first);
    const budget = BAUD / 10;
    return {
      name: `serial pipelined 1 KiB requests, pty throttled to ${BAUD.toLocaleString('en-US')} baud`,
      value: perSecond / budget,
      unit: 'of line',
      detail: `${Math.round(perSecond).toLocaleString('en-US')} B/s of answers, budget ${budget.toLocaleString('en-US')} B/s; ${inFlight} in flight, emulator baud fault`,
    };
  });
}

/** Sequential pings over an unthrottled pty to the emulator: p50 and p99, and their ratio. */
export async function serialPingBenchmark(count = 3000): Promise<BenchRow[]> {
  return withEmulator([], async (client) => {
    for (let i = 0; i < 200; i++) await client.ping();
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      await client.ping();
      samples.push((performance.now() - start) * 1000);
    }
    const p50 = quantile(samples, 0.5);
    const p99 = quantile(samples, 0.99);
    const detail = `${count} sequential pings to the emulator over a pty, one process`;
    return [
      { name: 'serial ping rtt p50 (pty, unthrottled)', value: p50, unit: 'µs', detail },
      {
        name: 'serial ping rtt p99 (pty, unthrottled)',
        value: p99,
        unit: 'µs',
        detail: `${(p99 / p50).toFixed(1)}x p50`,
      },
    ];
  });
}
