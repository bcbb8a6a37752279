import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type JsonObject, Status } from '@nanorpc-sim/core';
import { startEmulator, type RunningEmulator } from '../src/emulator.js';
import { defineProfileChecks, demoClient, nextDisconnect } from './profile-checks.js';
import { waitFor } from './wait-for.js';

describe('emulator over TCP', () => {
  defineProfileChecks(() => startEmulator({ listen: 'tcp://127.0.0.1:0' }));
});

describe('emulator over a UNIX socket', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'emulator-unix-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  defineProfileChecks(() => startEmulator({ listen: `unix://${path.join(dir, 'device.sock')}` }));
});

describe('emulator reboot over TCP', () => {
  let emulator: RunningEmulator;
  beforeEach(async () => {
    emulator = await startEmulator({ listen: 'tcp://127.0.0.1:0' });
  });
  afterEach(async () => {
    await emulator.stop();
  });

  it('/sys/reboot answers OK, drops every session, keeps listening, bumps boot_count', async () => {
    expect(emulator.endpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    const subscriber = demoClient(emulator.endpoint);
    const rebooter = demoClient(emulator.endpoint);
    await Promise.all([subscriber.connect(), rebooter.connect()]);
    const seen: JsonObject[] = [];
    const subscription = await subscriber.subscribeTyped('/sensors/temp', undefined, (value) =>
      seen.push(value),
    );
    await rebooter.callTyped('/gpio/led', { action: 'ACTION_ON' });
    await rebooter.callTyped('/test/publish', { count: 2 });
    expect(seen).toHaveLength(2);
    const terminated = new Promise((resolve) => subscription.once('terminated', resolve));
    const drops = [nextDisconnect(subscriber), nextDisconnect(rebooter)];

    const answer = await rebooter.request('/sys/reboot');
    expect(answer.responseStatus).toBe(Status.Ok);
    await Promise.all(drops);
    await terminated;
    expect(subscription.phase).toBe('terminated');
    await waitFor(() => emulator.server.sessions.size === 0);
    expect(emulator.server.subscriberCount('/sensors/temp')).toBe(0);

    const after = demoClient(emulator.endpoint);
    await after.connect();
    expect(await after.callTyped('/sys/info')).toMatchObject({ bootCount: 1 });
    expect(await after.callTyped('/gpio/led', {})).toEqual({ on: false });
    const fresh: JsonObject[] = [];
    await after.subscribeTyped('/sensors/temp', undefined, (value) => fresh.push(value));
    await after.callTyped('/test/publish', { count: 1, startMilliCelsius: 7 });
    expect(fresh).toEqual([{ sequence: 1, milliCelsius: 7 }]);
    await Promise.all([after.close(), subscriber.close(), rebooter.close()]);
  });

  it('requests behind /sys/reboot in the same write get no answer, as on the firmware', async () => {
    const client = demoClient(emulator.endpoint);
    await client.connect();
    const dropped = nextDisconnect(client);
    const [reboot, echo] = await Promise.allSettled([
      client.request('/sys/reboot'),
      client.request('/echo', Uint8Array.of(1)),
    ]);
    expect(reboot).toMatchObject({ status: 'fulfilled', value: { responseStatus: Status.Ok } });
    expect(echo).toMatchObject({ status: 'rejected', reason: { code: 'ERR_CONNECTION_LOST' } });
    await dropped;
    await client.close();
  });

  it('reboot() on command does the same', async () => {
    const client = demoClient(emulator.endpoint);
    await client.connect();
    const dropped = nextDisconnect(client);
    await emulator.reboot();
    await dropped;
    expect(emulator.device.bootCount).toBe(1);
    await client.connect();
    expect(await client.callTyped('/sys/info')).toMatchObject({ bootCount: 1 });
    await client.close();
  });

  it('stop() closes clients and frees the port', async () => {
    const client = demoClient(emulator.endpoint);
    await client.connect();
    const dropped = nextDisconnect(client);
    await emulator.stop();
    await dropped;
    await expect(client.connect()).rejects.toMatchObject({ code: 'ERR_CONNECT_REFUSED' });
    await client.close();
  });
});
