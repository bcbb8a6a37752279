import { performance } from 'node:perf_hooks';
import type { BenchRow } from '../measure.js';
import { startRig } from './bench-setup.js';

export interface ThroughputBenchOptions {
  /** Time measured per window size, in ms. Default 800. */
  durationMs?: number;
  windows?: number[];
}

/**
 * Pipelined 32-byte TYPE_REQUESTs to /echo over TCP with a fixed number in flight: each of
 * `window` workers sends its next request as soon as its previous answer arrives.
 */
export async function pipelinedThroughputBenchmarks(
  options: ThroughputBenchOptions = {},
): Promise<BenchRow[]> {
  const durationMs = options.durationMs ?? 800;
  const rows: BenchRow[] = [];
  const payload = new Uint8Array(32).fill(0xcd);
  const rig = await startRig('tcp');
  try {
    const client = await rig.connect({ queueLimit: 0 });
    for (const window of options.windows ?? [1, 16, 256]) {
      let running = true;
      let completed = 0;
      const worker = async (): Promise<void> => {
        while (running) {
          await client.call('/echo', payload);
          completed++;
        }
      };
      // Warm-up with the same window, then measure.
      const warmUp = Array.from({ length: window }, worker);
      await new Promise((resolve) => setTimeout(resolve, Math.min(200, durationMs / 4)));
      running = false;
      await Promise.all(warmUp);
      running = true;
      completed = 0;
      const start = performance.now();
      const workers = Array.from({ length: window }, worker);
      await new Promise((resolve) => setTimeout(resolve, durationMs));
      running = false;
      await Promise.all(workers);
      const elapsed = performance.now() - start;
      rows.push({
        name: `client-server pipelined requests, ${window} in flight (tcp)`,
        value: (completed * 1000) / elapsed,
        unit: 'req/s',
        detail: `${completed} 32-byte requests in ${Math.round(elapsed)} ms, one connection`,
      });
    }
  } finally {
    await rig.close();
  }
  return rows;
}
