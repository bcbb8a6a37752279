import type { BenchRow } from '../measure.js';
import { fanOutBenchmark } from './fanout.bench.js';
import { roundTripLatencyBenchmarks } from './latency.bench.js';
import { pipelinedThroughputBenchmarks } from './throughput.bench.js';

export { fanOutBenchmark } from './fanout.bench.js';
export { roundTripLatencyBenchmarks } from './latency.bench.js';
export { pipelinedThroughputBenchmarks } from './throughput.bench.js';

/** Every client-server benchmark, one after the other (about 8 s in all). */
export async function clientServerBenchmarks(): Promise<BenchRow[]> {
  return [
    ...(await roundTripLatencyBenchmarks()),
    ...(await pipelinedThroughputBenchmarks()),
    ...(await fanOutBenchmark()),
  ];
}
