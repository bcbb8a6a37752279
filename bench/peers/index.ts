/**
 * `npm run bench -- --peers`: the Go reference and the harness side by side, client and
 * server in separate processes (see peer-matrix.ts); prints every cell with its ratios to
 * ref->ref measured in the same run.
 *
 *   --quick   one round of fewer calls (the CI form)
 *   --check   exit 1 when a ratio is less than half as good as bench/peers/recorded-ratios.json
 *   --record  write this run's ratios to bench/peers/recorded-ratios.json
 */
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatColumns } from './format-columns.js';
import { CELLS, cellName, runPeerMatrix, type PeerMeasurement } from './peer-matrix.js';
import { ROOT } from './peer-processes.js';
import {
  REFERENCE_CELL,
  peerRatios,
  ratioId,
  regressions,
  toRecorded,
  type PeerRatio,
  type RecordedRatios,
} from './peer-ratios.js';

const RECORDED = path.join(ROOT, 'bench/peers/recorded-ratios.json');

function fmt(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function renderTable(measurements: PeerMeasurement[], ratios: PeerRatio[]): string {
  const byId = new Map(ratios.map((ratio) => [ratioId(ratio), ratio]));
  const order = CELLS.map(cellName);
  const keys = [...new Set(measurements.map((m) => m.key))];
  const lines: string[][] = [
    ['case', 'client->server', 'req/s', 'x ref', 'p50 µs', 'p99 µs', 'p99 x ref', 'failed'],
  ];
  for (const key of keys) {
    for (const cell of order) {
      const m = measurements.find((entry) => entry.key === key && entry.cell === cell);
      if (m === undefined) continue;
      const ratio = byId.get(ratioId(m));
      lines.push([
        key,
        cell,
        fmt(m.perSecond),
        ratio === undefined ? '' : `${ratio.rate.toFixed(2)}x`,
        fmt(m.p50us),
        fmt(m.p99us),
        ratio === undefined ? '' : `${ratio.p99.toFixed(2)}x`,
        m.failed === 0 ? '' : String(m.failed),
      ]);
    }
  }
  return formatColumns(lines, [2, 3, 4, 5, 6]);
}

/** The processes run the built packages: bring them up to date (incremental, quick if so). */
function buildPackages(): void {
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  const built = spawnSync(process.execPath, [tsc, '-b', 'core', 'emulator'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('tsc -b core emulator failed');
}

export async function peersMain(argv: string[]): Promise<number> {
  buildPackages();
  const quick = argv.includes('--quick');
  const measurements = await runPeerMatrix({
    rounds: quick ? 1 : 3,
    pings: quick ? 300 : 1000,
    requests: quick ? 2000 : 5000,
    sizes: [32, 1024],
    inFlight: [1, 16, 256],
    transports: ['tcp', 'unix'],
    log: (message) => console.error(message),
  });
  const ratios = peerRatios(measurements);
  console.log(renderTable(measurements, ratios));
  console.log(
    `\nx ref: against ${REFERENCE_CELL} in this run (req/s: >= 1.00x is as fast or faster; ` +
      `p99: <= 1.00x is as good or better). ${quick ? 'One round' : 'Median of 3 interleaved rounds'}; ` +
      'figures from a shared machine are noisy, compare within one run.',
  );
  if (argv.includes('--record')) {
    await writeFile(RECORDED, `${JSON.stringify(toRecorded(ratios), null, 2)}\n`);
    console.error(`peers: ratios written to ${path.relative(ROOT, RECORDED)}`);
  }
  if (argv.includes('--check')) {
    const recorded = JSON.parse(await readFile(RECORDED, 'utf8')) as RecordedRatios;
    const failures = regressions(ratios, recorded);
    for (const failure of failures) console.error(`peers: regression: ${failure}`);
    if (failures.length > 0) return 1;
    console.error(`peers: every ratio within half of ${path.relative(ROOT, RECORDED)}`);
  }
  return 0;
}
