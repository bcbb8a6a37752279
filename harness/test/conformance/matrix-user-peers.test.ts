import { jest } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@nanorpc-sim/emulator';
import { cellOf, namesWith, OWN_COMMAND, runConformance } from './conformance-support.js';

jest.setTimeout(120_000);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ listen: 'tcp://127.0.0.1:0' });
});
afterAll(async () => {
  await emulator.stop();
});

describe('conformance matrix, user peers', () => {
  it('--server tcp://HOST:PORT: a server started by hand, judged by the scenarios and the profile cases', async () => {
    const run = await runConformance([
      '--server',
      emulator.endpoint,
      '--client',
      'harness',
      '--cases',
      'scenarios/client/profile',
      '--scenarios',
      'scenarios/request/echo-bytes.yaml',
    ]);
    const cell = cellOf(run, emulator.endpoint, 'harness');
    expect(cell.endpoint).toBe(emulator.endpoint);
    expect(cell.counts).toEqual({ OK: 6, 'NON-STRICT': 0, FAILED: 0, UNSUPPORTED: 0 });
    // Profile cases only: no scripted row.
    expect(run.matrix.servers).toEqual([emulator.endpoint]);
  });

  it('--client "<command>": the harness driver as a command is judged like the built-in', async () => {
    const command = `"${process.execPath}" "${OWN_COMMAND}" conformance-driver`;
    const run = await runConformance([
      '--server',
      emulator.endpoint,
      '--client',
      command,
      '--cases',
      'scenarios/client/profile',
    ]);
    const cell = cellOf(run, emulator.endpoint, command);
    // A command is not the harness client: the device scenarios are not its part.
    expect(cell.cases.map((c) => c.file).every((f) => f.endsWith('.case'))).toBe(true);
    expect(namesWith(cell, 'OK')).toHaveLength(5);
  });

  it('a command that is no driver gives FAILED cases with the reason, never a pass', async () => {
    const run = await runConformance([
      '--server',
      emulator.endpoint,
      '--client',
      'cat >/dev/null',
      '--cases',
      'scenarios/client/profile/ping.case',
    ]);
    const cell = cellOf(run, emulator.endpoint, 'cat >/dev/null');
    expect(cell.counts).toEqual({ OK: 0, 'NON-STRICT': 0, FAILED: 1, UNSUPPORTED: 0 });
    expect(cell.cases[0]?.reason).toMatch(/no result for connect/);
  });

  it('an unknown server name is bad input naming the built-ins', async () => {
    await expect(runConformance(['--server', 'nope'])).rejects.toThrow(
      /emulator, go-reference, firmware-host, qemu/,
    );
  });
});
