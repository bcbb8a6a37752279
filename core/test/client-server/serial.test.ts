import { openTempPtyPair } from '../support/temp-pty-pair.js';
import { NanoRpcClient } from '../../src/client/client.js';
import { Status } from '../../src/protocol/messages.js';
import { describeBasics } from './basic-suite.js';
import { bytes, makeFixtureServer, until } from './fixture-server.js';

describeBasics('a socat pty pair (serial)', async () => {
  const pair = await openTempPtyPair();
  return {
    listen: `serial://${pair.device}`,
    connectTo: () => `serial://${pair.host}`,
    cleanup: () => pair.close(),
  };
});

describe('a malformed frame on a serial line', () => {
  it('is dropped and the same session carries on (resync)', async () => {
    const pair = await openTempPtyPair();
    const fixture = makeFixtureServer();
    const client = new NanoRpcClient(`serial://${pair.host}`, { requestTimeoutMs: 10_000 });
    const codes: string[] = [];
    fixture.server.on('frame-error', (_session, error) =>
      codes.push((error as Error & { code?: string }).code ?? ''),
    );
    try {
      await fixture.server.listen(`serial://${pair.device}`);
      await client.connect();
      expect((await client.ping()).responseStatus).toBe(Status.Ok);
      const [session] = [...fixture.server.sessions.values()];

      await client.sendRaw(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff)); // prefix too long
      await until(() => codes.length === 1);
      await delay(100);
      expect((await client.ping()).responseStatus).toBe(Status.Ok);

      await client.sendRaw(bytes(0x03, 0x08, 0xff, 0xff)); // frames fine, body does not decode
      await until(() => codes.length === 2);
      expect(await client.call('/echo', bytes(5))).toEqual(bytes(5));

      await client.sendRaw(bytes(0x10, 0x08)); // a partial frame, then silence
      await delay(150);
      expect(await client.call('/echo', bytes(6))).toEqual(bytes(6));
      await until(() => codes.length === 3);

      expect(codes).toEqual(['ERR_VARINT_TOO_LONG', 'ERR_MALFORMED_BODY', 'ERR_TRUNCATED_FRAME']);
      expect([...fixture.server.sessions.values()]).toEqual([session]);
      expect(client.connected).toBe(true);
    } finally {
      await client.close();
      await fixture.server.close({ deadlineMs: 200 });
      await pair.close();
    }
  });
});

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
