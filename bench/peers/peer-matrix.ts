import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PeerResult } from './peer-report.js';
import {
  REF_BIN,
  ROOT,
  runLoad,
  startServer,
  tsxCommand,
  type PeerServer,
} from './peer-processes.js';

export type ServerKind = 'ref' | 'harness' | 'emulator';
export type ClientKind = 'ref' | 'harness';
export type PeerTransport = 'tcp' | 'unix';

/** One client -> server pairing, client and server in separate processes. */
export interface PeerCell {
  client: ClientKind;
  server: ServerKind;
}

export const CELLS: readonly PeerCell[] = [
  { client: 'ref', server: 'ref' },
  { client: 'ref', server: 'harness' },
  { client: 'ref', server: 'emulator' },
  { client: 'harness', server: 'ref' },
  { client: 'harness', server: 'harness' },
  { client: 'harness', server: 'emulator' },
];

export const cellName = (cell: PeerCell): string => `${cell.client}->${cell.server}`;

export interface PeerMatrixOptions {
  rounds: number;
  pings: number;
  requests: number;
  sizes: number[];
  inFlight: number[];
  transports: PeerTransport[];
  /** The cells to measure (default CELLS); include ref->ref for the ratios. */
  cells?: readonly PeerCell[];
  /** Progress lines (stderr). */
  log(message: string): void;
}

/** A measured case (ping, or echo of a size at a depth) for one cell: medians over rounds. */
export interface PeerMeasurement {
  cell: string;
  /** e.g. "tcp echo 32 B x16" or "unix ping". */
  key: string;
  perSecond: number;
  p50us: number;
  p99us: number;
  failed: number;
}

export function caseKey(result: PeerResult): string {
  return result.kind === 'ping'
    ? `${result.transport} ping`
    : `${result.transport} echo ${result.size} B x${result.in_flight}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function serverCommand(kind: ServerKind, listen: string): string[] {
  switch (kind) {
    case 'ref':
      return [path.join(REF_BIN, 'nanorpc-ref-server'), '--listen', listen];
    case 'harness':
      return tsxCommand('bench/peers/harness-server.ts').concat('--listen', listen);
    case 'emulator':
      return [process.execPath, path.join(ROOT, 'emulator/dist/cli.js'), '--listen', listen];
  }
}

function loadCommand(kind: ClientKind, targets: string[], options: PeerMatrixOptions): string[] {
  const flags = [
    '--pings',
    String(options.pings),
    '--requests',
    String(options.requests),
    '--sizes',
    options.sizes.join(','),
    '--in-flight',
    options.inFlight.join(','),
    ...targets.flatMap((target) => ['--target', target]),
  ];
  return kind === 'ref'
    ? [path.join(REF_BIN, 'nanorpc-ref-bench'), ...flags]
    : tsxCommand('bench/peers/harness-load.ts').concat(flags);
}

/**
 * Every cell, in interleaved rounds (each round starts one cell later, so no cell always runs
 * first or last), against long-lived server processes; medians of the rounds per case.
 */
export async function runPeerMatrix(options: PeerMatrixOptions): Promise<PeerMeasurement[]> {
  for (const tool of ['nanorpc-ref-server', 'nanorpc-ref-bench']) {
    if (!existsSync(path.join(REF_BIN, tool))) {
      throw new Error(`${tool} is missing: run \`npm run interop:build\` first`);
    }
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nanorpc-peers-'));
  const servers = new Map<ServerKind, PeerServer[]>();
  try {
    for (const kind of ['ref', 'harness', 'emulator'] as const) {
      const started: PeerServer[] = [];
      servers.set(kind, started);
      for (const transport of options.transports) {
        const listen =
          transport === 'tcp' ? 'tcp://127.0.0.1:0' : `unix://${path.join(dir, `${kind}.sock`)}`;
        started.push(await startServer(`${kind} server`, serverCommand(kind, listen)));
      }
    }
    // The Node servers compile their hot path while they run: warm them with the same calls,
    // unmeasured, so the first cell of a round does not pay for it.
    for (const kind of ['harness', 'emulator'] as const) {
      options.log(`peers: warming the ${kind} server`);
      const targets = (servers.get(kind) ?? []).map((server) => server.endpoint);
      await runLoad(loadCommand('ref', targets, { ...options, pings: 2000, requests: 2000 }));
    }
    const samples = new Map<string, PeerResult[]>();
    const cells = options.cells ?? CELLS;
    for (let round = 0; round < options.rounds; round++) {
      for (let i = 0; i < cells.length; i++) {
        const cell = cells[(i + round) % cells.length] as PeerCell;
        options.log(`peers: round ${round + 1}/${options.rounds} ${cellName(cell)}`);
        const targets = (servers.get(cell.server) ?? []).map((server) => server.endpoint);
        const report = await runLoad(loadCommand(cell.client, targets, options));
        for (const result of report.results) {
          const id = `${cellName(cell)}|${caseKey(result)}`;
          samples.set(id, [...(samples.get(id) ?? []), result]);
        }
      }
    }
    return [...samples].map(([id, results]) => {
      const [cell, key] = id.split('|') as [string, string];
      return {
        cell,
        key,
        perSecond: median(results.map((r) => r.per_second)),
        p50us: median(results.map((r) => r.p50_us)),
        p99us: median(results.map((r) => r.p99_us)),
        failed: Math.max(...results.map((r) => r.failed)),
      };
    });
  } finally {
    await Promise.all([...servers.values()].flat().map((server) => server.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}
