import { parseEndpoint } from '@nanorpc-sim/core';
import type { CaseResult } from './case-result.js';
import { ClientCaseRun, type LoadedCase } from './client-case-runner.js';
import type { ClientPeer, ServerPeer } from './conformance-peers.js';
import { runServerScenarios } from './server-cell.js';
import { countVerdicts, type VerdictCounts } from './verdict.js';

/** The row of the client suite: the harness plays the server by script. */
export const SCRIPTED_ROW = 'scripted (client suite)';

export interface MatrixCell {
  server: string;
  client: string;
  /** Where the server listened (empty for the scripted row). */
  endpoint: string;
  counts: VerdictCounts;
  cases: CaseResult[];
}

export interface ConformanceMatrix {
  runId: string;
  startedAt: string;
  durationMs: number;
  tool: { name: string; version: string };
  servers: string[];
  clients: string[];
  cells: MatrixCell[];
}

export interface MatrixOptions {
  servers: readonly ServerPeer[];
  clients: readonly ClientPeer[];
  clientCases: readonly LoadedCase[];
  /** Device scenario folders (scenarios/). */
  scenarioFolders: readonly string[];
  cwd: string;
  runId: string;
  tool: { name: string; version: string };
  log: (line: string) => void;
  /** Told when a cell is done (progress). */
  cellDone?: (cell: MatrixCell) => void;
  signal?: AbortSignal;
}

function unsupported(loaded: LoadedCase, reason: string): CaseResult {
  return {
    id: '',
    name: loaded.spec.name,
    file: loaded.file,
    description: loaded.spec.description,
    rule: loaded.spec.rule,
    verdict: 'UNSUPPORTED',
    reason,
    durationMs: 0,
    checks: [],
    frames: [],
    transcript: [],
  };
}

async function runCases(
  cases: readonly LoadedCase[],
  client: ClientPeer,
  cwd: string,
  profileEndpoint?: string,
): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const loaded of cases) {
    if (
      profileEndpoint !== undefined &&
      parseEndpoint(profileEndpoint).kind === 'serial' &&
      !client.harness
    ) {
      out.push(
        unsupported(
          loaded,
          `the server is at ${profileEndpoint}: driver endpoints are tcp:// and unix://`,
        ),
      );
      continue;
    }
    const run = new ClientCaseRun(loaded, {
      driver: client.launch,
      cwd,
      ...(profileEndpoint !== undefined && { profileEndpoint }),
    });
    out.push(await run.run());
  }
  return out;
}

function cell(server: string, client: string, endpoint: string, cases: CaseResult[]): MatrixCell {
  cases.forEach((c, i) => (c.id = `${server}|${client}|${i + 1}`));
  return { server, client, endpoint, counts: countVerdicts(cases.map((c) => c.verdict)), cases };
}

/**
 * Every client against every server. Row (server S, client C): the profile cases with C's
 * driver against S, and when C is the harness client the device scenarios against S. The
 * scripted row: the client suite for each client, the harness playing the server.
 */
export async function runConformanceMatrix(options: MatrixOptions): Promise<ConformanceMatrix> {
  const started = new Date();
  const startedMs = performance.now();
  const profile = options.clientCases.filter((c) => c.spec.server === 'profile');
  const scripted = options.clientCases.filter((c) => c.spec.server === 'scripted');
  const cells: MatrixCell[] = [];
  const done = (made: MatrixCell): void => {
    cells.push(made);
    options.cellDone?.(made);
  };
  for (const server of options.servers) {
    options.log(`starting server ${server.label}`);
    const target = await server.provider.start({
      cwd: options.cwd,
      faults: [],
      settings: {},
      log: options.log,
      signal: options.signal ?? new AbortController().signal,
    });
    try {
      for (const client of options.clients) {
        const cases = await runCases(profile, client, options.cwd, target.endpoint);
        if (client.harness) {
          cases.push(
            ...(await runServerScenarios({
              target,
              folders: options.scenarioFolders,
              cwd: options.cwd,
              unsupportedTags: server.unsupportedTags,
              tool: options.tool,
              log: options.log,
              ...(options.signal !== undefined && { signal: options.signal }),
            })),
          );
        }
        done(cell(server.label, client.label, target.endpoint, cases));
      }
    } finally {
      await target.stop();
    }
  }
  if (scripted.length > 0) {
    for (const client of options.clients)
      done(cell(SCRIPTED_ROW, client.label, '', await runCases(scripted, client, options.cwd)));
  }
  return {
    runId: options.runId,
    startedAt: started.toISOString(),
    durationMs: performance.now() - startedMs,
    tool: options.tool,
    servers: [
      ...options.servers.map((s) => s.label),
      ...(scripted.length > 0 ? [SCRIPTED_ROW] : []),
    ],
    clients: options.clients.map((c) => c.label),
    cells,
  };
}
