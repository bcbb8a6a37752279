import type { Socket } from 'node:net';
import { NanoRpcClient } from '../../src/client/client.js';
import { QueueFullError } from '../../src/client/client-errors.js';
import { decodeRequest } from '../../src/protocol/codec.js';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import { type NanoRpcRequest } from '../../src/protocol/messages.js';
import { InvalidOptionsError } from '../../src/errors/invalid-options-error.js';
import { listenLoopback, writeResponse, type LoopbackServer } from '../support/loopback-server.js';
import { bytes, until } from './fixture-server.js';

/**
 * A peer that answers only when told to, and counts how many requests it holds unanswered at
 * once: the client may send the next call only after an answer, so that count never exceeds
 * the client's maxInFlight, however the frames are timed.
 */
interface HeldPeer {
  server: LoopbackServer;
  received: NanoRpcRequest[];
  mostHeld: number;
  /** Answers the oldest held request with its own data. */
  answerOldest(): void;
}

async function startHeldPeer(): Promise<HeldPeer> {
  const held: { socket: Socket; request: NanoRpcRequest }[] = [];
  const peer: HeldPeer = {
    server: undefined as unknown as LoopbackServer,
    received: [],
    mostHeld: 0,
    answerOldest() {
      const next = held.shift();
      if (next === undefined) throw new Error('no request is held');
      const { socket, request } = next;
      writeResponse(socket, { requestId: request.requestId, data: request.data });
    },
  };
  peer.server = await listenLoopback((socket) => {
    const decoder = new FrameDecoder((body) => {
      const request = decodeRequest(body);
      peer.received.push(request);
      held.push({ socket, request });
      peer.mostHeld = Math.max(peer.mostHeld, held.length);
    });
    socket.on('data', (chunk) => decoder.push(chunk));
  });
  return peer;
}

describe('maxInFlight', () => {
  let peer: HeldPeer;
  let client: NanoRpcClient;

  afterEach(async () => {
    await client.close();
    await peer.server.close();
  });

  it('holds calls beyond the limit in the queue and sends them in order as answers free slots', async () => {
    peer = await startHeldPeer();
    client = new NanoRpcClient(peer.server.address, { maxInFlight: 2, queueLimit: 8 });
    await client.connect();
    const calls = [1, 2, 3, 4, 5].map((n) => client.call('/echo', bytes(n)));
    expect(client.pendingCount).toBe(2);
    expect(client.queuedCount).toBe(3);
    for (let answered = 0; answered < 5; answered++) {
      await until(() => peer.received.length > answered, 5000, `request ${answered + 1}`);
      peer.answerOldest();
    }
    expect((await Promise.all(calls)).map((data) => data[0])).toEqual([1, 2, 3, 4, 5]);
    expect(peer.received.map((request) => request.data[0])).toEqual([1, 2, 3, 4, 5]);
    expect(peer.mostHeld).toBe(2);
    expect(client.pendingCount).toBe(0);
    expect(client.queuedCount).toBe(0);
  });

  it('rejects with QueueFullError once the slots and the queue are both full', async () => {
    peer = await startHeldPeer();
    client = new NanoRpcClient(peer.server.address, { maxInFlight: 1, queueLimit: 1 });
    await client.connect();
    const sent = client.call('/echo', bytes(1));
    const queued = client.call('/echo', bytes(2));
    const refused = client.call('/echo', bytes(3));
    await expect(refused).rejects.toBeInstanceOf(QueueFullError);
    await expect(client.ping()).rejects.toMatchObject({ code: 'ERR_QUEUE_FULL' });
    await until(() => peer.received.length === 1);
    peer.answerOldest();
    expect(await sent).toEqual(bytes(1));
    await until(() => peer.received.length === 2);
    peer.answerOldest();
    expect(await queued).toEqual(bytes(2));
    expect(peer.received.map((request) => request.data[0])).toEqual([1, 2]);
    expect(peer.mostHeld).toBe(1);
  });

  it('a queued call times out and leaves the queue; the rest go on', async () => {
    peer = await startHeldPeer();
    client = new NanoRpcClient(peer.server.address, { maxInFlight: 1 });
    await client.connect();
    const sent = client.call('/echo', bytes(1));
    const late = client.call('/echo', bytes(2), { timeoutMs: 20 });
    const next = client.call('/echo', bytes(3));
    await expect(late).rejects.toMatchObject({ code: 'ERR_TIMEOUT' });
    expect(client.queuedCount).toBe(1);
    await until(() => peer.received.length === 1);
    peer.answerOldest();
    await sent;
    await until(() => peer.received.length === 2);
    peer.answerOldest();
    expect(await next).toEqual(bytes(3));
    expect(peer.received.map((request) => request.data[0])).toEqual([1, 3]);
  });

  it('fails the held calls with the connection when there is no reconnection', async () => {
    peer = await startHeldPeer();
    client = new NanoRpcClient(peer.server.address, { maxInFlight: 1 });
    await client.connect();
    const sent = client.call('/echo', bytes(1));
    const queued = client.call('/echo', bytes(2));
    await until(() => peer.received.length === 1);
    await peer.server.close();
    await expect(sent).rejects.toMatchObject({ code: 'ERR_CONNECTION_LOST' });
    await expect(queued).rejects.toThrow(
      /connection lost before TYPE_REQUEST id \d+ for \/echo was sent/,
    );
    expect(client.queuedCount).toBe(0);
  });
});

describe('the maxInFlight option', () => {
  it('defaults to 256 and must be at least 1', () => {
    expect(new NanoRpcClient('tcp://127.0.0.1:1').options.maxInFlight).toBe(256);
    expect(() => new NanoRpcClient('tcp://127.0.0.1:1', { maxInFlight: 0 })).toThrow(
      InvalidOptionsError,
    );
  });
});
