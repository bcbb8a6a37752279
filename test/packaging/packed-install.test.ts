import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packWorkspaces, stopProcess, UserProject, type PackedPackage } from './user-project.js';

/*
 * The packages as a user gets them: packed, installed into an empty project outside this
 * checkout, driven through their installed commands. Needs `npm run build` first (npm test
 * does it) and the npm registry or cache for the third-party dependencies.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WORKSPACES = ['core', 'emulator', 'harness'];

// The user's own device: a thermostat path and payload types the demo profile does not have.
const THERMOSTAT_PROTO = `syntax = "proto3";
package thermostat;
import "nanorpc.proto";

message SetpointRequest { int32 milli_celsius = 1; }
message Setpoint { int32 milli_celsius = 1; bool heating = 2; }

service Thermostat {
  rpc SetSetpoint(SetpointRequest) returns (Setpoint) {
    option (nanorpc).request_path = "/thermostat/setpoint";
  }
}
`;

// The user's device stand-in, written with the installed core library only.
const THERMOSTAT_SERVER = `import { NanoRpcServer, PayloadTypes } from '@nanorpc-sim/core';

const types = PayloadTypes.fromProtoFiles('scenarios/thermostat.proto');
const request = types.lookupType('thermostat.SetpointRequest');
const answer = types.lookupType('thermostat.Setpoint');
const server = new NanoRpcServer();
server.handle('/thermostat/setpoint', ({ data }) => {
  const { milliCelsius } = request.decode(data);
  return answer.encode({ milliCelsius, heating: milliCelsius > 20000 }).finish();
});
const listener = await server.listen('tcp://127.0.0.1:0');
console.log('thermostat: listening ' + listener.address);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
`;

const scenario = (name: string, milliCelsius: number, heating: boolean): string => `name: ${name}
proto: thermostat.proto
steps:
  - request:
      path: /thermostat/setpoint
      data: { json: { milliCelsius: ${milliCelsius} } }
      expect: { data: { json: { milliCelsius: ${milliCelsius}, heating: ${heating} } } }
`;

let workDir: string;
let packed: PackedPackage[];
let project: UserProject;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'nanorpc-packed-'));
  packed = await packWorkspaces(REPO, WORKSPACES, workDir);
  project = await UserProject.create(
    path.join(workDir, 'project'),
    packed.map((entry) => entry.tarball),
  );
}, 300_000);

afterAll(async () => {
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

describe('npm pack of each package', () => {
  it('holds compiled code, types, bin and README only: no tests, no TypeScript sources', () => {
    expect(packed.map((entry) => entry.name).sort()).toEqual([
      '@nanorpc-sim/core',
      '@nanorpc-sim/emulator',
      'nanorpc-hil',
    ]);
    for (const { name, files } of packed) {
      const unexpected = files.filter(
        (file) =>
          !/^(dist\/.+\.(js|d\.ts)|bin\/[\w-]+\.js|README\.md|package\.json|LICENSE)$/.test(file),
      );
      expect({ name, unexpected }).toEqual({ name, unexpected: [] });
      expect(files).toContain('README.md');
      expect(files.some((file) => file.startsWith('test/') || file.endsWith('.test.js'))).toBe(
        false,
      );
    }
  });
});

describe('a user project with its own scenarios and .proto', () => {
  let device: ChildProcess | undefined;
  let endpoint: string;

  beforeAll(async () => {
    await project.write('scenarios/thermostat.proto', THERMOSTAT_PROTO);
    await project.write('scenarios/setpoint-heats.yaml', scenario('setpoint heats', 21500, true));
    await project.write('scenarios/setpoint-idle.yaml', scenario('setpoint idle', 18000, false));
    await project.write('failing/wrong-answer.yaml', scenario('expects too much', 18000, true));
    await project.write('failing/thermostat.proto', THERMOSTAT_PROTO);
    await project.write(
      'broken/bad-field.yaml',
      'name: broken\nsteps:\n  - request: { pth: /x }\n',
    );
    await project.write('thermostat-server.mjs', THERMOSTAT_SERVER);
    const started = await project.start(
      process.execPath,
      ['thermostat-server.mjs'],
      /listening (\S+)/,
    );
    device = started.child;
    endpoint = started.match[1] as string;
  }, 60_000);

  afterAll(async () => {
    if (device !== undefined) await stopProcess(device);
  });

  it('prints the help of the installed command', async () => {
    const result = await project.npx('nanorpc-hil', ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: nanorpc-hil');
  });

  it('passes its scenarios against its device (exit 0) and writes every report', async () => {
    const result = await project.npx('nanorpc-hil', ['run', 'scenarios', '--target', endpoint]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/2 passed, 0 failed/);
    const latest = path.join(project.dir, 'reports', 'latest');
    for (const report of ['junit.xml', 'report.json', 'report.html', 'trace.jsonl']) {
      expect(existsSync(path.join(latest, report))).toBe(true);
    }
    const junit = readFileSync(path.join(latest, 'junit.xml'), 'utf8');
    expect(junit).toContain('setpoint heats');
    expect(junit).toContain('failures="0"');
  }, 60_000);

  it('exits 1 when a scenario fails, naming it', async () => {
    const result = await project.npx('nanorpc-hil', ['run', 'failing', '--target', endpoint]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('expects too much');
    expect(result.stdout).toMatch(/0 passed, 1 failed/);
  }, 60_000);

  it('exits 2 for a scenario file with a wrong field, naming file, line and field', async () => {
    const result = await project.npx('nanorpc-hil', ['run', 'broken', '--target', endpoint]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\/bad-field\.yaml:3:\d+/);
    expect(result.stderr).toContain('pth');
  }, 60_000);
});

describe('the installed emulator and the installed tool', () => {
  it('talk to each other: ping, a typed call, and a demo scenario', async () => {
    // The installed bin itself (not through npx, whose child would outlive a signal to npx).
    const { child, match } = await project.start(
      project.bin('nanorpc-emulator'),
      ['--listen', 'tcp://127.0.0.1:0'],
      /nanorpc-emulator: listening (\S+)/,
    );
    try {
      const device = match[1] as string;
      const ping = await project.npx('nanorpc-hil', ['ping', device]);
      expect({ code: ping.code, stdout: ping.stdout }).toMatchObject({ code: 0 });
      expect(ping.stdout).toMatch(/pong|PONG|OK/);
      const call = await project.npx('nanorpc-hil', [
        'call',
        device,
        '/calc/multiply',
        '--json',
        '{"a": 6, "b": 7}',
      ]);
      expect(call.code).toBe(0);
      expect(call.stdout).toContain('42');
      await project.write(
        'demo/multiply.yaml',
        `name: multiply on the demo device
proto: demo_device.proto
steps:
  - request:
      path: /calc/multiply
      data: { json: { a: 6, b: 7 } }
      expect: { data: { json: { product: 42 } } }
`,
      );
      const run = await project.npx('nanorpc-hil', [
        'run',
        'demo',
        '--target',
        device,
        '--no-report',
      ]);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      await stopProcess(child);
    }
  }, 90_000);

  it('runs a scenario with no target against the emulator the tool starts itself', async () => {
    const run = await project.npx('nanorpc-hil', ['run', 'demo', '--no-report']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/1 passed, 0 failed/);
  }, 60_000);
});
