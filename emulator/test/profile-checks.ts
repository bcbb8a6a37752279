import path from 'node:path';
import {
  NanoRpcClient,
  type JsonObject,
  PayloadTypes,
  fnv1a32,
  ResponseType,
  Status,
  type NanoRpcResponse,
} from '@nanorpc-sim/core';
import { REPO_PROTO_DIR as PROTO_DIR } from '../../core/test/support/repo-paths.js';
import type { RunningEmulator } from '../src/emulator.js';

/** Typed payloads of the demo device, as any harness user would load them. */
export const demoPayloads = (): PayloadTypes =>
  PayloadTypes.fromProtoFiles(path.join(PROTO_DIR, 'demo_device.proto'));

export function demoClient(endpoint: string): NanoRpcClient {
  return new NanoRpcClient(endpoint, { payloads: demoPayloads(), requestTimeoutMs: 5000 });
}

/** Resolves once `client` reports the link gone. */
export function nextDisconnect(client: NanoRpcClient): Promise<Error | undefined> {
  return new Promise((resolve) => client.once('disconnect', (error) => resolve(error)));
}

/**
 * Every path of the demo device profile (docs/protocol.md), checked through the real client on an
 * emulator that has just started. The same checks run over TCP, a UNIX socket and the pty.
 */
export function defineProfileChecks(start: () => Promise<RunningEmulator>): void {
  let emulator: RunningEmulator;
  let client: NanoRpcClient;

  beforeEach(async () => {
    emulator = await start();
    client = demoClient(emulator.endpoint);
    await client.connect();
  });

  afterEach(async () => {
    await client.close();
    await emulator.stop();
  });

  it('answers a ping', async () => {
    const pong = await client.ping();
    expect(pong).toMatchObject({ responseType: ResponseType.Pong, responseStatus: Status.Ok });
  });

  it('/sys/info: name, version, uptime, limits and boot count', async () => {
    const info = await client.callTyped('/sys/info');
    expect(info).toMatchObject({
      deviceName: 'nanorpc-demo',
      maxFrameSize: emulator.server.options.maxFrameSize,
      maxSubscriptions: emulator.server.options.maxSubscriptionsPerSession,
      maxPathLength: 50,
      bootCount: 0,
    });
    expect(info['firmwareVersion']).toMatch(/\S/);
    expect(Number(info['uptimeMs'])).toBeGreaterThanOrEqual(0);
  });

  it('/echo: the request bytes unchanged, also when empty, also by hash', async () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
    expect(await client.call('/echo', bytes)).toEqual(bytes);
    expect((await client.call('/echo', new Uint8Array(0))).length).toBe(0);
    expect(await client.call({ hash: fnv1a32('/echo') }, Uint8Array.of(9))).toEqual(
      Uint8Array.of(9),
    );
  });

  it('/calc/multiply: int32 x int32 -> int64, without overflow', async () => {
    expect(await client.callTyped('/calc/multiply', { a: 6, b: 7 })).toEqual({ product: '42' });
    expect(await client.callTyped('/calc/multiply', { a: -3, b: 5 })).toEqual({ product: '-15' });
    expect(await client.callTyped('/calc/multiply', { a: 2147483647, b: 2147483647 })).toEqual({
      product: '4611686014132420609',
    });
    expect(await client.callTyped('/calc/multiply', { a: -2147483648, b: -2147483648 })).toEqual({
      product: '4611686018427387904',
    });
  });

  it('/gpio/led: read, on, toggle, off', async () => {
    expect(await client.callTyped('/gpio/led', {})).toEqual({ on: false });
    expect(await client.callTyped('/gpio/led', { action: 'ACTION_ON' })).toEqual({ on: true });
    expect(emulator.device.ledOn).toBe(true);
    expect(await client.callTyped('/gpio/led', { action: 'ACTION_READ' })).toEqual({ on: true });
    expect(await client.callTyped('/gpio/led', { action: 'ACTION_TOGGLE' })).toEqual({ on: false });
    expect(await client.callTyped('/gpio/led', { action: 'ACTION_TOGGLE' })).toEqual({ on: true });
    expect(await client.callTyped('/gpio/led', { action: 'ACTION_OFF' })).toEqual({ on: false });
    expect(emulator.device.ledOn).toBe(false);
  });

  it('/sensors/temp + /test/publish: sequence from 1, filter on the device, updates first', async () => {
    const all: JsonObject[] = [];
    const warm: JsonObject[] = [];
    const everything = await client.subscribeTyped('/sensors/temp', undefined, (value) =>
      all.push(value),
    );
    await client.subscribeTyped('/sensors/temp', { minMilliCelsius: 21000 }, (value) =>
      warm.push(value),
    );
    const result = await client.callTyped('/test/publish', {
      count: 3,
      startMilliCelsius: 20000,
      stepMilliCelsius: 1000,
    });
    // The updates were sent before the response, so they are all here already.
    expect(result).toEqual({ published: 3, delivered: 5 });
    expect(all).toEqual([
      { sequence: 1, milliCelsius: 20000 },
      { sequence: 2, milliCelsius: 21000 },
      { sequence: 3, milliCelsius: 22000 },
    ]);
    expect(warm).toEqual([
      { sequence: 2, milliCelsius: 21000 },
      { sequence: 3, milliCelsius: 22000 },
    ]);

    const ack = await everything.unsubscribe();
    expect(ack.responseStatus).toBe(Status.Ok);
    const after = await client.callTyped('/test/publish', { count: 2, startMilliCelsius: -5000 });
    expect(after).toEqual({ published: 2, delivered: 0 });
    expect(emulator.device.nextSequence).toBe(6);
    // Negative readings stay below the remaining subscriber's minimum.
    expect(warm).toHaveLength(2);
  });

  it('/test/publish with no subscriber still numbers its readings', async () => {
    expect(await client.callTyped('/test/publish', { count: 4 })).toEqual({
      published: 4,
      delivered: 0,
    });
    const seen: JsonObject[] = [];
    await client.subscribeTyped('/sensors/temp', undefined, (value) => seen.push(value));
    await client.callTyped('/test/publish', { count: 1, startMilliCelsius: 1 });
    expect(seen).toEqual([{ sequence: 5, milliCelsius: 1 }]);
  });

  it('/test/fail and /test/forbidden answer their statuses', async () => {
    expect(await client.request('/test/fail')).toMatchObject({
      responseStatus: Status.InternalError,
      responseMessage: 'simulated failure',
    });
    expect(await client.request('/test/forbidden')).toMatchObject({
      responseStatus: Status.NotAuthorized,
      responseMessage: 'forbidden',
    });
  });

  it('an unknown path is STATUS_NOT_FOUND, by string and by hash', async () => {
    const expected: Partial<NanoRpcResponse> = {
      responseStatus: Status.NotFound,
      responseMessage: 'no handler registered for path',
    };
    expect(await client.request('/no/such/path')).toMatchObject(expected);
    expect(await client.request({ hash: 0x12345678 })).toMatchObject(expected);
  });

  it('a payload that does not decode is STATUS_INTERNAL_ERROR "cannot decode <type>"', async () => {
    // Field 1 as a varint with its value missing.
    const broken = Uint8Array.of(0x08);
    const cases: [string, string][] = [
      ['/calc/multiply', 'demo.MultiplyRequest'],
      ['/gpio/led', 'demo.LedRequest'],
      ['/test/publish', 'demo.PublishRequest'],
      ['/sys/info', 'demo.Empty'],
      ['/test/fail', 'demo.Empty'],
      ['/test/forbidden', 'demo.Empty'],
      ['/sys/reboot', 'demo.Empty'],
    ];
    for (const [requestPath, typeName] of cases) {
      expect(await client.request(requestPath, broken)).toMatchObject({
        responseStatus: Status.InternalError,
        responseMessage: `cannot decode ${typeName}`,
      });
    }
    await expect(client.subscribe('/sensors/temp', broken, () => undefined)).rejects.toMatchObject({
      status: Status.InternalError,
      responseMessage: 'cannot decode demo.TempFilter',
    });
    // Nothing rebooted, and the session is still fine.
    expect(emulator.device.bootCount).toBe(0);
    expect(await client.call('/echo', Uint8Array.of(1))).toEqual(Uint8Array.of(1));
  });

  it('refuses an unknown LED action and a publish above 1000 readings', async () => {
    // LedRequest.action = 7, a value the enum does not name.
    expect(await client.request('/gpio/led', Uint8Array.of(0x08, 0x07))).toMatchObject({
      responseStatus: Status.InternalError,
      responseMessage: 'unknown LED action',
    });
    expect(
      await client.request(
        '/test/publish',
        demoPayloads().encodeRequest('/test/publish', { count: 1001 }),
      ),
    ).toMatchObject({ responseStatus: Status.InternalError, responseMessage: 'count above 1000' });
    expect(emulator.device.nextSequence).toBe(1);
  });
}
