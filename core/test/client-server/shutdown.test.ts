import { NanoRpcClient } from '../../src/client/client.js';
import { connectTransport } from '../../src/transport/connect.js';
import { Status } from '../../src/protocol/messages.js';
import { bytes, makeFixtureServer, text, until } from './fixture-server.js';

describe('graceful shutdown', () => {
  it('stops accepting, refuses new requests, lets running handlers answer, then closes', async () => {
    const fixture = makeFixtureServer();
    const address = (await fixture.server.listen('tcp://127.0.0.1:0')).address;
    const client = new NanoRpcClient(address, { requestTimeoutMs: 10_000 });
    try {
      await client.connect();
      const disconnected = new Promise((resolve) => client.once('disconnect', resolve));
      const slow = client.request('/slow'); // waits for releaseSlow()
      await until(() => fixture.started.get('/slow') === 1);
      const closing = fixture.server.close({ deadlineMs: 10_000 });
      await expect(connectTransport(address, { timeoutMs: 2000 })).rejects.toMatchObject({
        code: 'ERR_CONNECT_REFUSED',
      });
      const refused = await client.request('/echo', bytes(1));
      expect([refused.responseStatus, refused.responseMessage]).toEqual([
        Status.InternalError,
        'server is shutting down',
      ]);
      fixture.releaseSlow();
      const answered = await slow;
      expect(answered.responseStatus).toBe(Status.Ok);
      expect(text(answered.data)).toBe('done');
      await closing;
      await disconnected;
      expect(fixture.server.sessions.size).toBe(0);
    } finally {
      await client.close();
      await fixture.server.close();
    }
  });

  it('aborts handlers that overrun the deadline, then closes', async () => {
    const fixture = makeFixtureServer();
    const address = (await fixture.server.listen('tcp://127.0.0.1:0')).address;
    const client = new NanoRpcClient(address, { requestTimeoutMs: 10_000 });
    try {
      await client.connect();
      const silent = client.request('/silent');
      await until(() => fixture.started.get('/silent') === 1);
      await fixture.server.close({ deadlineMs: 50 });
      expect(fixture.aborted).toEqual(['/silent']);
      // The aborted handler answers INTERNAL_ERROR before the session closes.
      const response = await silent;
      expect(response.responseStatus).toBe(Status.InternalError);
      expect(response.responseMessage).toBe('/silent aborted');
    } finally {
      await client.close();
    }
  });
});
