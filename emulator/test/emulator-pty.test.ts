import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type JsonObject, Status } from '@nanorpc-sim/core';
import { startEmulator, type RunningEmulator } from '../src/emulator.js';
import { defineProfileChecks, demoClient } from './profile-checks.js';
import { waitFor } from './wait-for.js';

describe('emulator over its pseudo-terminal', () => {
  defineProfileChecks(() => startEmulator({ listen: 'pty' }));
});

describe('emulator pty line', () => {
  let emulator: RunningEmulator;
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'emulator-pty-'));
    emulator = await startEmulator({ listen: `pty://${dir}` });
  });
  afterEach(async () => {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('makes <dir>/device and <dir>/host and gives the host side as a serial endpoint', () => {
    expect(emulator.endpoint).toBe(`serial://${dir}/host`);
    expect(existsSync(path.join(dir, 'host'))).toBe(true);
    expect(existsSync(path.join(dir, 'device'))).toBe(true);
  });

  it('/sys/reboot: OK, the line stays open, subscriptions are gone, boot_count + 1', async () => {
    const client = demoClient(emulator.endpoint);
    await client.connect();
    let disconnected = false;
    client.on('disconnect', () => {
      disconnected = true;
    });
    const seen: JsonObject[] = [];
    await client.subscribeTyped('/sensors/temp', undefined, (value) => seen.push(value));
    await client.callTyped('/test/publish', { count: 2 });
    expect(seen).toHaveLength(2);
    const sessionsBefore = [...emulator.server.sessions.keys()];

    expect((await client.request('/sys/reboot')).responseStatus).toBe(Status.Ok);
    // The device comes back on the same line with a new session.
    await waitFor(
      () =>
        emulator.server.sessions.size === 1 &&
        !sessionsBefore.includes([...emulator.server.sessions.keys()][0] as number),
    );
    expect(await client.callTyped('/sys/info')).toMatchObject({ bootCount: 1 });
    expect(await client.callTyped('/test/publish', { count: 1 })).toEqual({
      published: 1,
      delivered: 0,
    });
    expect(seen).toHaveLength(2);
    expect(emulator.device.nextSequence).toBe(2);
    expect(disconnected).toBe(false);
    expect(client.connected).toBe(true);
    await client.close();
  });

  it('the host may close and reopen its side; the device keeps serving', async () => {
    const first = demoClient(emulator.endpoint);
    await first.connect();
    expect(await first.call('/echo', Uint8Array.of(1))).toEqual(Uint8Array.of(1));
    await first.close();
    const second = demoClient(emulator.endpoint);
    await second.connect();
    expect(await second.call('/echo', Uint8Array.of(2))).toEqual(Uint8Array.of(2));
    await second.close();
  });

  it('stop() ends socat and removes the links', async () => {
    await emulator.stop();
    expect(existsSync(path.join(dir, 'host'))).toBe(false);
    expect(existsSync(path.join(dir, 'device'))).toBe(false);
  });
});
