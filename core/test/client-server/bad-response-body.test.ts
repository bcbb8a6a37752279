import { NanoRpcClient } from '../../src/client/client.js';
import { ConnectionLostError } from '../../src/client/client-errors.js';
import { listenLoopback, type LoopbackServer } from '../support/loopback-server.js';
import { bytes } from './fixture-server.js';

/*
 * docs/protocol.md, rule bad-frame-stream, on the client side: a response body that does not
 * decode ends the stream session, so the calls waiting on it fail at once as lost instead of
 * waiting for their timeouts.
 */
describe('a response body that does not decode, on TCP', () => {
  let peer: LoopbackServer;

  beforeEach(async () => {
    // Answers any request with a well-framed body that is not a NanoRPCResponse.
    peer = await listenLoopback((socket) => {
      socket.once('data', () => socket.write(bytes(0x03, 0x0a, 0xff, 0xff)));
    });
  });

  afterEach(() => peer.close());

  it('ends the session: the pending call fails as lost, the error is reported', async () => {
    const client = new NanoRpcClient(peer.address, { requestTimeoutMs: 60_000 });
    const errors: string[] = [];
    client.on('error', (error) => errors.push((error as Error & { code?: string }).code ?? ''));
    const disconnected = new Promise<void>((resolve) => client.once('disconnect', () => resolve()));
    try {
      await client.connect();
      await expect(client.request('/echo', bytes(1))).rejects.toBeInstanceOf(ConnectionLostError);
      await disconnected;
      expect(errors).toContain('ERR_MALFORMED_BODY');
      expect(client.state).not.toBe('connected');
    } finally {
      await client.close();
    }
  });
});
