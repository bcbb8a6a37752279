import { spawnSync } from 'node:child_process';
import { copyFile, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FIXTURES, REPO_ROOT, runGen, tempDir } from './run-gen.js';

const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** The strictest settings a user may compile the generated client with. */
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noImplicitOverride: true,
    noUnusedLocals: true,
    verbatimModuleSyntax: true,
    types: ['node'],
    skipLibCheck: true,
    outDir: 'out',
    rootDir: '.',
  },
  files: ['greenhouse_client.ts', 'usage.ts'],
};

describe('nanorpc-hil gen ts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('ts');
    // @nanorpc-sim/core (built) and typescript resolve from the repository's node_modules.
    await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n');
    await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    // A .ts.in, not a .ts: the repository's own type check must not see it without the client.
    await copyFile(path.join(FIXTURES, 'greenhouse-usage.ts.in'), path.join(dir, 'usage.ts'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a client that type-checks strictly and talks to a NanoRpcServer', async () => {
    const proto = path.join(FIXTURES, 'greenhouse.proto');
    const gen = await runGen(['ts', proto, '--out', dir]);
    expect(gen.stderr).toBe('');
    expect(gen.status).toBe(0);
    expect(gen.stdout).toContain(
      'greenhouse_client.ts: GreenhouseClient, MaintenanceClient: 5 typed methods',
    );
    const client = await readFile(path.join(dir, 'greenhouse_client.ts'), 'utf8');
    expect(client).toContain('export interface VentRequestInput {');
    expect(client).toContain("export type VentRequest_Position = 'POSITION_CLOSED'");
    expect(client).toContain('export interface units_Celsius {');

    const tsc = spawnSync('node', [TSC, '-p', dir], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    const run = spawnSync('node', [path.join(dir, 'out', 'usage.js'), proto], {
      encoding: 'utf8',
      timeout: 15000,
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      climate: {
        air: { centi: 2150 },
        humidityPercent: 61,
        alarms: ['door open'],
        sinceBootMs: '9007199254740993',
        serial: 'AQID',
      },
      timed: { position: 'POSITION_HALF', motorSteps: { left: 3 }, tooHot: { centi: 3100 } },
      manual: { position: 'POSITION_OPEN', motorSteps: { left: 3 }, manual: 'by hand' },
      updates: [{ percent: 70, dewPoint: 12.25 }],
      paths: {
        getClimate: '/climate',
        setVent: '/vent/set?now',
        subscribeHumidity: '/sensors/humidity',
      },
    });
  });
});
