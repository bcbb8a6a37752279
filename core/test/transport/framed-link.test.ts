import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeRequestBody, encodeRequestFrame } from '../../src/protocol/codec.js';
import { FrameError } from '../../src/protocol/frame-errors.js';
import { RequestType } from '../../src/protocol/messages.js';
import { connectTransport } from '../../src/transport/connect.js';
import { FramedLink } from '../../src/transport/framed-link.js';
import { listenTransport } from '../../src/transport/listen.js';
import { MemoryFrameTrace } from '../../src/transport/memory-frame-trace.js';
import type { Transport } from '../../src/transport/transport.js';
import { openTempPtyPair } from '../support/temp-pty-pair.js';

interface TransportPair {
  /** The sending side (a client or the host end of a serial line). */
  near: Transport;
  /** The receiving side. */
  far: Transport;
}

let dir: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nanorpc-framed-'));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function socketPair(endpoint: string): Promise<TransportPair> {
  let accept: (transport: Transport) => void = () => undefined;
  const accepted = new Promise<Transport>((resolve) => (accept = resolve));
  const listener = await listenTransport(endpoint, (transport) => accept(transport));
  cleanups.push(() => listener.close());
  const near = await connectTransport(listener.address);
  const far = await accepted;
  cleanups.push(
    () => near.close(),
    () => far.close(),
  );
  return { near, far };
}

async function serialPair(query = ''): Promise<TransportPair> {
  const pty = await openTempPtyPair();
  cleanups.push(() => pty.close());
  const near = await connectTransport(`serial://${pty.host}${query}`);
  const far = await connectTransport(`serial://${pty.device}${query}`);
  cleanups.push(
    () => near.close(),
    () => far.close(),
  );
  return { near, far };
}

const makePair: Record<'tcp' | 'unix' | 'serial', () => Promise<TransportPair>> = {
  tcp: () => socketPair('tcp://127.0.0.1:0'),
  unix: () => socketPair(`unix://${join(dir, `link-${cleanups.length}.sock`)}`),
  serial: () => serialPair(),
};

function request(id: number, size = 8): { body: Uint8Array; frame: Uint8Array } {
  const message = {
    requestId: id,
    requestType: RequestType.Request,
    path: '/echo',
    data: Uint8Array.from({ length: size }, (_, i) => (i * 7 + id) & 0xff),
  };
  return { body: encodeRequestBody(message), frame: encodeRequestFrame(message) };
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

/** Collects what a link emits; `frames(n)` resolves once n bodies have arrived. */
function watch(link: FramedLink) {
  const bodies: Uint8Array[] = [];
  const errors: { error: FrameError; preview: string }[] = [];
  const closes: (Error | undefined)[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const check = (): void => {
    for (const waiter of [...waiters]) {
      if (bodies.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  link.on('frame', (body) => {
    bodies.push(body.slice());
    check();
  });
  link.on('frame-error', (error, preview) => errors.push({ error, preview }));
  link.on('close', (error) => closes.push(error));
  return {
    bodies,
    errors,
    closes,
    frames: (count: number) =>
      new Promise<void>((resolve) => {
        waiters.push({ count, resolve });
        check();
      }),
    closed: () => new Promise<Error | undefined>((resolve) => link.once('close', resolve)),
  };
}

describe.each(['tcp', 'unix', 'serial'] as const)('FramedLink over %s', (kind) => {
  it('splits many frames out of one chunk', async () => {
    const { near, far } = await makePair[kind]();
    const link = new FramedLink(far, { role: 'server' });
    const seen = watch(link);
    const requests = Array.from({ length: 60 }, (_, i) => request(i + 1, i * 3));
    await near.write(concat(requests.map((r) => r.frame)));
    await seen.frames(60);
    expect(seen.bodies.map((body) => Buffer.from(body).toString('hex'))).toEqual(
      requests.map((r) => Buffer.from(r.body).toString('hex')),
    );
    expect(seen.errors).toEqual([]);
  });

  it('assembles frames fed one byte at a time', async () => {
    const { near, far } = await makePair[kind]();
    // No idle-gap resync here: a loaded machine may pause between single-byte writes.
    const link = new FramedLink(far, { role: 'server', resyncIdleMs: 0 });
    const seen = watch(link);
    const requests = [request(1, 0), request(2, 40), request(3, 200)];
    for (const byte of concat(requests.map((r) => r.frame))) {
      await near.write(Uint8Array.of(byte));
    }
    await seen.frames(3);
    expect(seen.bodies.map((body) => Buffer.from(body).toString('hex'))).toEqual(
      requests.map((r) => Buffer.from(r.body).toString('hex')),
    );
  });

  it('sends frames through send() and traces both directions', async () => {
    const { near, far } = await makePair[kind]();
    const trace = new MemoryFrameTrace();
    const client = new FramedLink(near, { role: 'client', trace, id: 'client#1' });
    const server = new FramedLink(far, { role: 'server', trace, id: 'server#1' });
    const seen = watch(server);
    const { frame, body } = request(7, 100);
    await client.send(frame);
    await client.sendRaw(Uint8Array.of(0x00), 'an empty frame');
    await seen.frames(2);
    expect(Buffer.from(seen.bodies[0] as Uint8Array).equals(Buffer.from(body))).toBe(true);
    expect(seen.bodies[1]).toHaveLength(0);
    const tx = trace.filter('tx');
    expect(tx.map((e) => [e.link, e.role, e.kind, e.note])).toEqual([
      ['client#1', 'client', 'frame', undefined],
      ['client#1', 'client', 'raw', 'an empty frame'],
    ]);
    expect(Buffer.from(tx[0]?.bytes as Uint8Array).equals(Buffer.from(frame))).toBe(true);
    const rx = trace.filter('rx', 'body');
    expect(rx.map((e) => [e.link, e.role])).toEqual([
      ['server#1', 'server'],
      ['server#1', 'server'],
    ]);
    expect(Buffer.from(rx[0]?.bytes as Uint8Array).equals(Buffer.from(body))).toBe(true);
    expect((rx[0]?.time ?? 0) >= (tx[0]?.time ?? Infinity)).toBe(true);
  });

  it('emits close once and refuses sends afterwards', async () => {
    const { near, far } = await makePair[kind]();
    const client = new FramedLink(near, { role: 'client' });
    const seen = watch(client);
    await client.close();
    await client.close();
    expect(client.closed).toBe(true);
    expect(seen.closes).toEqual([undefined]);
    await expect(client.send(request(1).frame)).rejects.toMatchObject({
      code: 'ERR_TRANSPORT_CLOSED',
    });
    await far.close();
  });
});

describe.each(['tcp', 'unix'] as const)('FramedLink over %s on bad input', (kind) => {
  it('closes the session on an oversize frame, after the good frames before it', async () => {
    const { near, far } = await makePair[kind]();
    const trace = new MemoryFrameTrace();
    const link = new FramedLink(far, { role: 'server', trace });
    const seen = watch(link);
    const closed = seen.closed();
    const nearClosed = new Promise((resolve) => near.once('close', resolve));
    // 100 000 as a varint (a0 8d 06) is above the 64 KiB default, then some body bytes.
    const oversize = Uint8Array.of(0xa0, 0x8d, 0x06, 1, 2, 3);
    await near.write(concat([request(1).frame, request(2).frame, oversize]));

    const reason = await closed;
    expect(seen.bodies).toHaveLength(2);
    expect(seen.errors).toHaveLength(1);
    expect(seen.errors[0]?.error.code).toBe('ERR_FRAME_TOO_LARGE');
    expect(seen.errors[0]?.error.message).toContain(
      'frame of 100000 bytes exceeds the maximum of 65536',
    );
    expect(seen.errors[0]?.preview).toBe('a0 8d 06 01 02 03');
    expect(reason).toBe(seen.errors[0]?.error);
    expect(link.closed).toBe(true);
    await nearClosed;
    expect(near.closed).toBe(true);
    const errorEvents = trace.filter('rx', 'error');
    expect(errorEvents).toHaveLength(1);
    expect(errorEvents[0]?.note).toMatch(/^ERR_FRAME_TOO_LARGE: /);
  });

  it('leaves other sessions running when one is closed for bad input', async () => {
    const bad = await makePair[kind]();
    const good = await makePair[kind]();
    const badLink = new FramedLink(bad.far, { role: 'server' });
    const goodLink = new FramedLink(good.far, { role: 'server' });
    const badSeen = watch(badLink);
    const goodSeen = watch(goodLink);
    const closed = badSeen.closed();
    await bad.near.write(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0x01));
    const reason = await closed;
    expect((reason as FrameError).code).toBe('ERR_VARINT_TOO_LONG');
    expect(badSeen.errors[0]?.preview).toBe('ff ff ff ff ff 01');
    await good.near.write(request(9).frame);
    await goodSeen.frames(1);
    expect(goodLink.closed).toBe(false);
  });

  it('reports a frame cut short by the peer closing', async () => {
    const { near, far } = await makePair[kind]();
    const link = new FramedLink(far, { role: 'server' });
    const seen = watch(link);
    const closed = seen.closed();
    const { frame } = request(4, 50);
    await near.write(frame.subarray(0, 20));
    await near.close();
    const reason = await closed;
    expect(seen.errors.map((e) => e.error.code)).toEqual(['ERR_TRUNCATED_FRAME']);
    expect(reason).toBe(seen.errors[0]?.error);
    expect(seen.errors[0]?.preview).toBe(
      Buffer.from(frame.subarray(0, 20))
        .toString('hex')
        .replace(/(..)(?!$)/g, '$1 '),
    );
  });
});

describe('FramedLink over serial on bad input', () => {
  it('drops an oversize frame and stays open: a good frame after an idle gap gets through', async () => {
    const { near, far } = await serialPair();
    const link = new FramedLink(far, { role: 'server' });
    expect(link.resyncIdleMs).toBe(50);
    const seen = watch(link);
    // 100 000 as a varint, then body bytes; "7f" would start a partial frame if parsed.
    await near.write(Uint8Array.of(0xa0, 0x8d, 0x06, 0x7f, 0x7f, 0x7f));
    await sleep(250);
    const { frame, body } = request(5, 30);
    await near.write(frame);
    await seen.frames(1);
    expect(seen.errors[0]?.error.code).toBe('ERR_FRAME_TOO_LARGE');
    expect(seen.errors[0]?.preview.startsWith('a0 8d 06')).toBe(true);
    // Whatever the chunking, anything after the bad prefix is only ever dropped, never delivered.
    expect(seen.errors.slice(1).every((e) => e.error.code === 'ERR_TRUNCATED_FRAME')).toBe(true);
    expect(seen.bodies).toHaveLength(1);
    expect(Buffer.from(seen.bodies[0] as Uint8Array).equals(Buffer.from(body))).toBe(true);
    expect(link.closed).toBe(false);
    expect(seen.closes).toEqual([]);
  });

  it('drops a partial frame after an idle gap', async () => {
    const { near, far } = await serialPair();
    const trace = new MemoryFrameTrace();
    const link = new FramedLink(far, { role: 'server', trace });
    const seen = watch(link);
    const lost = request(1, 60).frame;
    await near.write(lost.subarray(0, 25));
    await sleep(250);
    const { frame, body } = request(2, 60);
    await near.write(frame);
    await seen.frames(1);
    expect(seen.errors).toHaveLength(1);
    expect(seen.errors[0]?.error.code).toBe('ERR_TRUNCATED_FRAME');
    expect(seen.errors[0]?.error.message).toMatch(
      /dropped a partial frame \(25 byte\(s\)\) after \d+ ms of silence/,
    );
    expect(seen.errors[0]?.preview).toBe(
      Buffer.from(lost.subarray(0, 25))
        .toString('hex')
        .replace(/(..)(?!$)/g, '$1 '),
    );
    expect(seen.bodies).toHaveLength(1);
    expect(Buffer.from(seen.bodies[0] as Uint8Array).equals(Buffer.from(body))).toBe(true);
    expect(trace.filter('rx', 'error')[0]?.note).toMatch(/^ERR_TRUNCATED_FRAME: /);
  });

  it('takes the idle gap from the endpoint (resync=)', async () => {
    const { near, far } = await serialPair('?resync=20000');
    const link = new FramedLink(far, { role: 'server' });
    expect(link.resyncIdleMs).toBe(20000);
    const seen = watch(link);
    const { frame, body } = request(3, 60);
    await near.write(frame.subarray(0, 25));
    await sleep(250);
    await near.write(frame.subarray(25));
    await seen.frames(1);
    expect(seen.errors).toEqual([]);
    expect(Buffer.from(seen.bodies[0] as Uint8Array).equals(Buffer.from(body))).toBe(true);
  });
});
