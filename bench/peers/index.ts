/**
 * `npm run bench -- --peers`: the Go reference and the harness side by side, client and
 * server in separate processes (see peer-matrix.ts); prints every cell with its ratios to
 * ref->ref measured in the same run.
 *
 *   --quick   fewer calls per cell, still three rounds (the CI form)
 *   --check   exit 1 when a req/s ratio is below half the one in bench/peers/recorded-ratios.json
 *             (p99 ratios drifting past double are printed, not gated: see peer-ratios.ts)
 *   --record  fold this run's ratios into bench/peers/recorded-ratios.json, keeping the worse
 *             of the file's and this run's per case (delete the file to start over)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatColumns } from './format-columns.js';
import {
  CELLS,
  cellName,
  runPeerMatrix,
  type PeerMatrixOptions,
  type PeerMeasurement,
} from './peer-matrix.js';
import { ROOT } from './peer-processes.js';
import {
  REFERENCE_CELL,
  p99Drifts,
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

/**
 * A ratio below half its recorded value is measured again (its cells and ref->ref, three more
 * rounds): a burst of load from another process on a shared machine passes, a regression of
 * the harness shows twice. Returns the failures seen in both runs.
 */
async function confirmRegressions(
  ratios: PeerRatio[],
  recorded: RecordedRatios,
  options: PeerMatrixOptions,
): Promise<string[]> {
  const first = regressions(ratios, recorded);
  if (first.length === 0) return [];
  const suspects = new Set(
    ratios
      .filter((ratio) => first.some((f) => f.startsWith(`${ratioId(ratio)}:`)))
      .map((r) => r.cell),
  );
  console.error(
    `peers: ${first.length} ratio(s) below half; measuring ${[...suspects].join(', ')} again`,
  );
  const cells = CELLS.filter(
    (cell) => cellName(cell) === REFERENCE_CELL || suspects.has(cellName(cell)),
  );
  const again = regressions(peerRatios(await runPeerMatrix({ ...options, cells })), recorded);
  return again.filter((failure) => first.some((f) => f.split(':')[0] === failure.split(':')[0]));
}

export async function peersMain(argv: string[]): Promise<number> {
  buildPackages();
  const quick = argv.includes('--quick');
  const matrixOptions: PeerMatrixOptions = {
    rounds: 3,
    pings: quick ? 500 : 1000,
    requests: quick ? 1500 : 5000,
    sizes: [32, 1024],
    inFlight: [1, 16, 256],
    transports: ['tcp', 'unix'],
    log: (message) => console.error(message),
  };
  const measurements = await runPeerMatrix(matrixOptions);
  const ratios = peerRatios(measurements);
  console.log(renderTable(measurements, ratios));
  console.log(
    `\nx ref: against ${REFERENCE_CELL} in this run (req/s: >= 1.00x is as fast or faster; ` +
      `p99: <= 1.00x is as good or better). Median of 3 interleaved rounds${quick ? ' (quick: fewer calls)' : ''}; ` +
      'figures from a shared machine are noisy, compare within one run.',
  );
  if (argv.includes('--record')) {
    const previous = existsSync(RECORDED)
      ? (JSON.parse(await readFile(RECORDED, 'utf8')) as RecordedRatios)
      : {};
    await writeFile(RECORDED, `${JSON.stringify(toRecorded(ratios, previous), null, 2)}\n`);
    console.error(`peers: ratios written to ${path.relative(ROOT, RECORDED)}`);
  }
  if (argv.includes('--check')) {
    const recorded = JSON.parse(await readFile(RECORDED, 'utf8')) as RecordedRatios;
    for (const drift of p99Drifts(ratios, recorded))
      console.error(`peers: p99 (not gated): ${drift}`);
    const failures = await confirmRegressions(ratios, recorded, matrixOptions);
    for (const failure of failures) console.error(`peers: regression: ${failure}`);
    if (failures.length > 0) return 1;
    console.error(`peers: every req/s ratio above half of ${path.relative(ROOT, RECORDED)}`);
  }
  return 0;
}
