import { NanoRpcClient } from '../../src/client/client.js';
import { decodeRequest, decodeResponse } from '../../src/protocol/codec.js';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import {
  RequestType,
  ResponseType,
  Status,
  type NanoRpcRequest,
  type NanoRpcResponse,
} from '../../src/protocol/messages.js';
import { NanoRpcServer } from '../../src/server/server.js';
import type { TraceEvent } from '../../src/transport/frame-trace.js';
import { listenLoopback, writeResponse, type LoopbackServer } from '../support/loopback-server.js';
import { bytes, until } from './fixture-server.js';

type Send = (response: Partial<NanoRpcResponse>) => void;

/**
 * A peer that records every request and answers pings; everything else is sent by the test
 * through `send`, so the late acks come exactly when the test says.
 */
async function startPeer(): Promise<{
  server: LoopbackServer;
  received: NanoRpcRequest[];
  send: Send;
}> {
  const received: NanoRpcRequest[] = [];
  let send: Send = () => {
    throw new Error('no connection yet');
  };
  const server = await listenLoopback((socket) => {
    send = (response) => {
      writeResponse(socket, response);
    };
    const decoder = new FrameDecoder((body) => {
      const request = decodeRequest(body);
      received.push(request);
      if (request.requestType === RequestType.Ping) {
        send({ requestId: request.requestId, responseType: ResponseType.Pong });
      }
    });
    socket.on('data', (chunk) => decoder.push(chunk));
  });
  return { server, received, send: (response) => send(response) };
}

/** Pings one at a time and returns the ids they went out with. */
async function pingIds(client: NanoRpcClient, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push((await client.ping()).requestId);
  return ids;
}

describe('a subscribe ack that arrives after the caller gave up', () => {
  let peer: Awaited<ReturnType<typeof startPeer>>;
  let client: NanoRpcClient;
  const unmatched: NanoRpcResponse[] = [];

  beforeEach(async () => {
    unmatched.length = 0;
    peer = await startPeer();
    // Three ids, so the counter comes round to a reserved id within a few calls.
    client = new NanoRpcClient(peer.server.address, { maxRequestId: 3 });
    client.on('unmatched', (response) => unmatched.push(response));
    await client.connect();
  });

  afterEach(async () => {
    await client.close();
    await peer.server.close();
  });

  /** Subscribes to /t, waits until the peer has the subscribe, then aborts the call. */
  async function abandonedSubscribe(delivered: number[]): Promise<number> {
    const abort = new AbortController();
    const subscribing = client.subscribe('/t', bytes(5), (u) => delivered.push(u.data[0] ?? -1), {
      signal: abort.signal,
    });
    await until(
      () => peer.received.some((r) => r.requestType === RequestType.Subscribe),
      5000,
      'the subscribe to reach the peer',
    );
    abort.abort();
    await expect(subscribing).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    const subscribe = peer.received.find((r) => r.requestType === RequestType.Subscribe);
    return subscribe?.requestId ?? -1;
  }

  it('unsubscribes itself on a late OK ack and keeps the id until the unsubscribe ack', async () => {
    const delivered: number[] = [];
    const id = await abandonedSubscribe(delivered);
    expect(id).toBe(1);

    peer.send({ requestId: id }); // the late ack, STATUS_OK
    peer.send({ requestId: id, responseType: ResponseType.Update, data: bytes(7) });
    await until(
      () => peer.received.some((r) => r.requestType === RequestType.Request),
      5000,
      'the unsubscribe to reach the peer',
    );
    const unsubscribe = peer.received.find((r) => r.requestType === RequestType.Request);
    expect(unsubscribe).toMatchObject({ requestId: id, path: '/t', data: bytes() });
    expect(unsubscribe?.pathHash).toBeUndefined();

    // Updates in flight before the unsubscribe ack reach no one.
    peer.send({ requestId: id, responseType: ResponseType.Update, data: bytes(8) });
    // The counter comes round (2, 3, 2, 3, ...) but skips the id still reserved.
    const whileUnsubscribing = await pingIds(client, 4);
    expect(whileUnsubscribing).not.toContain(id);
    expect(new Set(whileUnsubscribing)).toEqual(new Set([2, 3]));

    peer.send({ requestId: id, responseMessage: 'unsubscribed' });
    await client.ping(); // its pong follows the ack on the stream
    expect(await pingIds(client, 3)).toContain(id);

    expect(delivered).toEqual([]);
    expect(unmatched.map((r) => [r.requestId, r.responseType])).toEqual([
      [id, ResponseType.Response],
      [id, ResponseType.Update],
      [id, ResponseType.Update],
    ]);
    // The unsubscribe ack answered the client's own unsubscribe: not unmatched.
    expect(unmatched.some((r) => r.responseMessage === 'unsubscribed')).toBe(false);
    // Exactly one unsubscribe was sent.
    expect(peer.received.filter((r) => r.requestType === RequestType.Request)).toHaveLength(1);
  });

  it('frees the id on a late non-OK ack without sending anything', async () => {
    const id = await abandonedSubscribe([]);
    peer.send({ requestId: id, responseStatus: Status.NotAuthorized });
    await client.ping(); // its pong follows the late ack
    expect(await pingIds(client, 3)).toContain(id);
    expect(peer.received.some((r) => r.requestType === RequestType.Request)).toBe(false);
    expect(unmatched.map((r) => r.responseStatus)).toEqual([Status.NotAuthorized]);
  });
});

describe('a server topic whose async onSubscribe hook outlasts the client timeout', () => {
  it('ends with the client unsubscribing and the session holding no subscription', async () => {
    let allow: (() => void) | undefined;
    const server = new NanoRpcServer();
    server.topic('/gated', {
      onSubscribe: () =>
        new Promise<void>((resolve) => {
          allow = resolve;
        }),
    });
    const listener = await server.listen('tcp://127.0.0.1:0');
    const sent: NanoRpcRequest[] = [];
    const received: NanoRpcResponse[] = [];
    const txDecoder = new FrameDecoder((body) => sent.push(decodeRequest(body)));
    const trace = {
      record(event: TraceEvent): void {
        if (event.direction === 'tx' && event.kind === 'frame') txDecoder.push(event.bytes);
        if (event.direction === 'rx' && event.kind === 'body') {
          received.push(decodeResponse(event.bytes));
        }
      },
    };
    const client = new NanoRpcClient(listener.address, { trace });
    const delivered: NanoRpcResponse[] = [];
    const publishedDuringCleanup: number[] = [];
    client.on('unmatched', (response) => {
      // The late ack: the server holds the subscription until the unsubscribe reaches it.
      if (response.responseType === ResponseType.Response) {
        publishedDuringCleanup.push(server.publish('/gated', bytes(1)));
      }
    });
    try {
      await client.connect();
      await expect(
        client.subscribe('/gated', undefined, (u) => delivered.push(u), { timeoutMs: 50 }),
      ).rejects.toMatchObject({ code: 'ERR_TIMEOUT' });
      const id = sent.find((r) => r.requestType === RequestType.Subscribe)?.requestId;
      expect(id).toBeDefined();

      await until(() => allow !== undefined, 5000, 'the hook to run');
      allow?.();
      await until(
        () => received.filter((r) => r.requestId === id).length >= 3,
        5000,
        'the late ack, the update and the unsubscribe ack',
      );
      expect(received.filter((r) => r.requestId === id).map((r) => r.responseType)).toEqual([
        ResponseType.Response,
        ResponseType.Update,
        ResponseType.Response,
      ]);
      expect(publishedDuringCleanup).toEqual([1]);
      expect(sent.filter((r) => r.requestId === id)).toMatchObject([
        { requestType: RequestType.Subscribe, path: '/gated' },
        { requestType: RequestType.Request, path: '/gated', data: bytes() },
      ]);
      const sessions = [...server.sessions.values()];
      expect(sessions).toHaveLength(1);
      expect(sessions[0]?.subscriptionCount).toBe(0);
      expect(server.subscriberCount('/gated')).toBe(0);
      expect(server.publish('/gated', bytes(2))).toBe(0);
      expect(delivered).toEqual([]);
    } finally {
      await client.close();
      await server.close({ deadlineMs: 200 });
    }
  });
});
