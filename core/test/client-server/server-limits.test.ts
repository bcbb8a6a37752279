import { connect, type Socket } from 'node:net';
import { encodeRequestFrame } from '../../src/protocol/codec.js';
import { RequestType } from '../../src/protocol/messages.js';
import { NanoRpcServer, type ServerOptions } from '../../src/server/server.js';

/*
 * The server's resource limits over real sockets (issue 13, item 5): read time limit on an
 * incomplete frame, maximum session count, bounded write backlog.
 */

const PING = encodeRequestFrame({
  requestId: 1,
  requestType: RequestType.Ping,
  data: new Uint8Array(),
});

let server: NanoRpcServer;
let port: number;
const warnings: string[] = [];
const sockets: Socket[] = [];

async function start(options: ServerOptions): Promise<void> {
  server = new NanoRpcServer({
    ...options,
    logger: { info: () => undefined, warn: (message) => warnings.push(message) },
  });
  port = Number(new URL((await server.listen('tcp://127.0.0.1:0')).address).port);
}

async function open(): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port });
  sockets.push(socket);
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  return socket;
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.closed) resolve();
    else socket.once('close', () => resolve());
  });
}

/** Resolves with the first `count` bytes the socket receives. */
function received(socket: Socket, count: number): Promise<Buffer> {
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= count) {
        socket.off('data', onData);
        resolve(data);
      }
    };
    socket.on('data', onData);
  });
}

function sessionClosed(): Promise<void> {
  return new Promise((resolve) => server.once('session-closed', () => resolve()));
}

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server.close({ deadlineMs: 100 });
  warnings.length = 0;
});

describe('readTimeoutMs', () => {
  test('a session whose frame stays incomplete is closed, with a log line', async () => {
    await start({ readTimeoutMs: 150 });
    const socket = await open();
    const ended = sessionClosed();
    socket.write(Uint8Array.of(0x05, 0x08)); // a 5-byte body announced, 1 byte sent
    await Promise.all([ended, closed(socket)]);
    expect(warnings.join('\n')).toMatch(/frame incomplete for 150 ms .*readTimeoutMs/);
    expect(server.sessions.size).toBe(0);
  });

  test('a slow sender that keeps trickling bytes of one frame is closed too', async () => {
    await start({ readTimeoutMs: 200, maxFrameSize: 1000 });
    const socket = await open();
    socket.write(Uint8Array.of(0xe8, 0x07)); // 1000-byte body
    const trickle = setInterval(() => socket.write(Uint8Array.of(0)), 20);
    try {
      await closed(socket);
    } finally {
      clearInterval(trickle);
    }
    expect(warnings.join('\n')).toContain('readTimeoutMs');
  });

  test('complete frames leave the session open and answered', async () => {
    await start({ readTimeoutMs: 150 });
    const socket = await open();
    // Half a ping, then the rest: the timer starts and is cleared when the frame completes.
    const answers = received(socket, 2);
    socket.write(PING.subarray(0, 2));
    socket.write(PING.subarray(2));
    await answers;
    const second = received(socket, 2);
    socket.write(PING);
    await second;
    expect(socket.closed).toBe(false);
    expect(warnings).toEqual([]);
  });

  test('frames that complete steadily keep the session open, even when every chunk ends mid-frame', async () => {
    await start({ readTimeoutMs: 200 });
    const socket = await open();
    socket.setNoDelay(true);
    const rounds = 10;
    // Each chunk ends one frame and starts the next: no frame stays incomplete for long, but a
    // partial frame is held after every chunk for 10 x 50 ms, far over readTimeoutMs.
    const answers = received(socket, 2 * (rounds + 1));
    socket.write(PING.subarray(0, 2));
    for (let round = 0; round < rounds; round++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.write(Buffer.concat([PING.subarray(2), PING.subarray(0, 2)]));
    }
    socket.write(PING.subarray(2));
    const outcome = await Promise.race([
      answers.then(() => 'answered'),
      closed(socket).then(() => 'closed'),
    ]);
    expect(warnings).toEqual([]);
    expect(outcome).toBe('answered');
  });

  test('0 turns the limit off', () => {
    expect(new NanoRpcServer({ readTimeoutMs: 0 }).options.readTimeoutMs).toBe(0);
    expect(new NanoRpcServer().options.readTimeoutMs).toBe(30_000);
  });
});

describe('maxSessions', () => {
  test('one connection more than the limit is closed at once, with a log line', async () => {
    await start({ maxSessions: 2 });
    const refused: string[] = [];
    server.on('session-refused', (remote) => refused.push(remote));
    const first = await open();
    const second = await open();
    await new Promise<void>((resolve) => {
      if (server.sessions.size === 2) resolve();
      else server.on('session', () => server.sessions.size === 2 && resolve());
    });
    const third = await open();
    await closed(third);
    expect(refused).toHaveLength(1);
    expect(warnings.join('\n')).toMatch(
      /refused a connection from .*2 sessions open \(maxSessions 2\)/,
    );
    // The sessions already open still answer.
    for (const socket of [first, second]) {
      const answer = received(socket, 2);
      socket.write(PING);
      await answer;
    }
    expect(server.sessions.size).toBe(2);
  });
});

describe('write backlog', () => {
  test('a peer that sends but does not read loses its session at maxWriteBacklogPerSession', async () => {
    await start({ maxQueuedWritesPerSession: 1, maxWriteBacklogPerSession: 4 });
    const socket = await open();
    socket.pause();
    const ended = sessionClosed();
    // Ten pings in one chunk: ten answers queued in the same turn, before any write completes.
    socket.write(Buffer.concat(Array.from({ length: 10 }, () => PING)));
    await ended;
    expect(warnings.join('\n')).toMatch(
      /4 frames waiting to be written.*maxWriteBacklogPerSession/,
    );
  });

  test('the backlog limit is never below the update limit', async () => {
    await start({ maxQueuedWritesPerSession: 8, maxWriteBacklogPerSession: 2 });
    const socket = await open();
    const answers = received(socket, 2 * 5);
    socket.write(Buffer.concat(Array.from({ length: 5 }, () => PING)));
    await answers;
    expect(socket.closed).toBe(false);
  });
});
