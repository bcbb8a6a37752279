/**
 * `npm run bench`: prints one table of every benchmark measured in this run. Figures on a
 * shared machine are noisy; compare ratios taken within one run, not across runs.
 */
import { clientServerBenchmarks } from './client-server/index.js';
import { codecBenchmarks, framingBenchmark } from './codec.bench.js';
import { farmTargetsBenchmark } from './farm-targets.bench.js';
import { formatTable, type BenchRow } from './measure.js';
import { peersMain } from './peers/index.js';
import { serialPingBenchmark, throttledSerialBenchmark } from './serial/serial-line.bench.js';
import { sessionsMemoryBenchmark } from './sessions/sessions-memory.bench.js';

async function main(): Promise<void> {
  if (process.argv.includes('--peers')) {
    process.exitCode = await peersMain(process.argv.slice(2));
    return;
  }
  const rows: BenchRow[] = [];
  console.error('bench: codec...');
  rows.push(...codecBenchmarks());
  console.error('bench: framing...');
  rows.push(framingBenchmark());
  console.error('bench: client-server...');
  rows.push(...(await clientServerBenchmarks()));
  console.error('bench: serial line (pty)...');
  rows.push(...(await serialPingBenchmark()), await throttledSerialBenchmark());
  console.error('bench: server memory, 10,000 sessions...');
  rows.push(await sessionsMemoryBenchmark());
  console.error('bench: whole suite on 1 vs 4 emulator targets...');
  rows.push(...(await farmTargetsBenchmark()));
  console.log(formatTable(rows));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
