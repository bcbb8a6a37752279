import { NanoRpcClient } from '../../src/client/client.js';
import type { ClientOptions } from '../../src/client/client-options.js';
import { fnv1a32 } from '../../src/protocol/fnv1a.js';
import { encodeRequestFrame } from '../../src/protocol/codec.js';
import {
  RequestType,
  ResponseType,
  Status,
  type NanoRpcResponse,
} from '../../src/protocol/messages.js';
import { StatusError } from '../../src/protocol/status-error.js';
import { bytes, makeFixtureServer, text, until, type FixtureServer } from './fixture-server.js';

export interface SuiteEndpoints {
  /** Where the server listens. */
  listen: string;
  /** Where the client connects, given the listener's resolved address. */
  connectTo(address: string): string;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every transport must show, client against server: one server, one client
 * (a serial line carries one session) for the whole suite.
 */
export function describeBasics(
  name: string,
  setup: () => Promise<SuiteEndpoints>,
  clientOptions: ClientOptions = {},
): void {
  describe(`client and server over ${name}`, () => {
    let endpoints: SuiteEndpoints;
    let fixture: FixtureServer;
    let client: NanoRpcClient;
    const unmatched: NanoRpcResponse[] = [];

    beforeAll(async () => {
      endpoints = await setup();
      fixture = makeFixtureServer();
      const listener = await fixture.server.listen(endpoints.listen);
      client = new NanoRpcClient(endpoints.connectTo(listener.address), {
        requestTimeoutMs: 10_000,
        ...clientOptions,
      });
      client.on('unmatched', (response) => unmatched.push(response));
      await client.connect();
    });

    afterAll(async () => {
      await client?.close();
      await fixture?.server.close({ deadlineMs: 1000 });
      await endpoints?.cleanup();
    });

    it('answers a ping with TYPE_PONG, STATUS_OK and the same id', async () => {
      const pong = await client.ping();
      expect(pong.responseType).toBe(ResponseType.Pong);
      expect(pong.responseStatus).toBe(Status.Ok);
      expect(pong.requestId).toBeGreaterThan(0);
    });

    it('requests by string path, by hash, and by a bare hash', async () => {
      const data = bytes(1, 2, 3, 0, 255);
      expect(await client.call('/echo', data)).toEqual(data);
      const byDefault = clientOptions.alwaysHashPaths === true ? 'by hash' : 'by string';
      expect(text(await client.call('/whoami'))).toBe(byDefault);
      expect(text(await client.call('/whoami', undefined, { hashPath: false }))).toBe('by string');
      expect(text(await client.call('/whoami', undefined, { hashPath: true }))).toBe('by hash');
      expect(text(await client.call({ hash: fnv1a32('/whoami') }))).toBe('by hash');
      expect(await client.call('/echo', data, { hashPath: true })).toEqual(data);
    });

    it('gives every status', async () => {
      const ok = await client.request('/echo');
      expect(ok.responseStatus).toBe(Status.Ok);

      const unknown = await client.request('/no/such/path');
      expect(unknown.responseStatus).toBe(Status.NotFound);
      expect(unknown.responseMessage).toBe('no handler registered for path');
      const unknownHash = await client.request({ hash: fnv1a32('/no/such/path') });
      expect(unknownHash.responseStatus).toBe(Status.NotFound);

      const missing = await client.request('/missing');
      expect([missing.responseStatus, missing.responseMessage]).toEqual([
        Status.NotFound,
        'no such thing',
      ]);
      const forbidden = await client.request('/forbidden');
      expect([forbidden.responseStatus, forbidden.responseMessage]).toEqual([
        Status.NotAuthorized,
        'forbidden',
      ]);
      const failed = await client.request('/fail');
      expect([failed.responseStatus, failed.responseMessage]).toEqual([
        Status.InternalError,
        'boom',
      ]);

      await expect(client.call('/forbidden')).rejects.toMatchObject({
        code: 'ERR_STATUS',
        status: Status.NotAuthorized,
      });
      await expect(client.call('/fail')).rejects.toBeInstanceOf(StatusError);
    });

    it('answers INTERNAL_ERROR when a response would exceed the maximum frame size', async () => {
      const response = await client.request('/big', bytes(65));
      expect(response.responseStatus).toBe(Status.InternalError);
      expect(response.responseMessage).toMatch(/exceeds the maximum frame size/);
      expect((await client.call('/big', bytes(2))).length).toBe(2048);
    });

    it('subscribes, receives updates in order, and unsubscribes', async () => {
      const updates: NanoRpcResponse[] = [];
      const sub = await client.subscribe('/topic', undefined, (u) => updates.push(u));
      expect(sub.phase).toBe('active');
      expect(fixture.server.subscriberCount('/topic')).toBe(1);
      await client.call('/publish', bytes(10, 3));
      await until(() => updates.length === 3, 5000, '3 updates');
      expect(updates.map((u) => u.data[0])).toEqual([10, 11, 12]);
      for (const update of updates) {
        expect(update.requestId).toBe(sub.id);
        expect(update.responseType).toBe(ResponseType.Update);
        expect(update.responseStatus).toBe(Status.Ok);
      }
      const ack = await sub.unsubscribe();
      expect([ack.requestId, ack.responseType, ack.responseStatus]).toEqual([
        sub.id,
        ResponseType.Response,
        Status.Ok,
      ]);
      expect(sub.phase).toBe('terminated');
      expect(sub.reason).toBe('unsubscribed');
      expect(fixture.server.subscriberCount('/topic')).toBe(0);
      await client.call('/publish', bytes(20, 2));
      await client.ping(); // anything after it has been answered
      expect(updates).toHaveLength(3);
    });

    it('delivers updates that race the unsubscribe, then nothing', async () => {
      const updates: number[] = [];
      const sub = await client.subscribe('/topic', undefined, (u) =>
        updates.push(u.data[0] as number),
      );
      // Both frames go out back to back: the server publishes 200 updates while handling the
      // first, so they reach the client after it sent the unsubscribe and before the ack.
      const published = client.call('/publish', bytes(0, 200));
      const unsubscribed = sub.unsubscribe();
      expect(sub.phase).toBe('unsubscribing');
      const ack = await unsubscribed;
      expect(ack.responseStatus).toBe(Status.Ok);
      await published;
      expect(updates).toEqual(Array.from({ length: 200 }, (_, i) => i & 0xff));
      expect(sub.phase).toBe('terminated');
      expect(unmatched).toEqual([]);
    });

    it('keeps several subscriptions apart, each with its filter', async () => {
      const all: number[] = [];
      const high: number[] = [];
      const other: number[] = [];
      const subAll = await client.subscribe('/topic', undefined, (u) =>
        all.push(u.data[0] as number),
      );
      const subHigh = await client.subscribe(
        '/topic',
        bytes(5),
        (u) => high.push(u.data[0] as number),
        {
          hashPath: true,
        },
      );
      const subOther = await client.subscribe('/other', undefined, (u) =>
        other.push(u.data[0] as number),
      );
      expect(new Set([subAll.id, subHigh.id, subOther.id]).size).toBe(3);
      const queued = await client.call('/publish', bytes(3, 4)); // 3 4 5 6
      expect(queued[0]).toBe(6); // 4 to subAll, 2 to subHigh
      fixture.server.publish('/other', bytes(42));
      await until(() => all.length === 4 && high.length === 2 && other.length === 1);
      expect(all).toEqual([3, 4, 5, 6]);
      expect(high).toEqual([5, 6]);
      expect(other).toEqual([42]);
      await Promise.all([subAll.unsubscribe(), subHigh.unsubscribe(), subOther.unsubscribe()]);
      expect(fixture.server.subscriberCount('/topic')).toBe(0);
    });

    it('refuses subscriptions to unknown or guarded topics', async () => {
      const received: NanoRpcResponse[] = [];
      const onUpdate = (update: NanoRpcResponse): number => received.push(update);
      await expect(client.subscribe('/nothing', undefined, onUpdate)).rejects.toMatchObject({
        status: Status.NotFound,
      });
      await expect(client.subscribe('/guarded', undefined, onUpdate)).rejects.toMatchObject({
        status: Status.NotAuthorized,
        responseMessage: 'no updates for you',
      });
      fixture.server.publish('/topic', bytes(1));
      await client.ping();
      expect(received).toEqual([]);
    });

    it('ignores TYPE_UNSPECIFIED and unknown request types without an answer', async () => {
      const before = unmatched.length;
      for (const requestType of [RequestType.Unspecified, 9]) {
        await client.sendRaw(
          encodeRequestFrame({
            requestId: 999_000 + requestType,
            requestType,
            path: '/echo',
            data: bytes(1),
          }),
        );
      }
      const pong = await client.ping();
      expect(pong.responseStatus).toBe(Status.Ok);
      await client.call('/echo'); // a second round trip: anything sent for those ids is here by now
      expect(unmatched.length).toBe(before);
    });
  });
}
