import { NanoRpcClient } from '../../src/client/client.js';
import { encodeRequestFrame } from '../../src/protocol/codec.js';
import { RequestType, Status, type NanoRpcResponse } from '../../src/protocol/messages.js';
import { bytes, makeFixtureServer, type FixtureServer } from './fixture-server.js';

/** Only an empty TYPE_REQUEST with the subscription's id and its path unsubscribes. */
describe('what counts as an unsubscribe', () => {
  let fixture: FixtureServer;
  let client: NanoRpcClient;

  beforeEach(async () => {
    fixture = makeFixtureServer();
    const listener = await fixture.server.listen('tcp://127.0.0.1:0');
    client = new NanoRpcClient(listener.address, { requestTimeoutMs: 5000 });
    await client.connect();
  });

  afterEach(async () => {
    await client.close();
    await fixture.server.close({ deadlineMs: 200 });
  });

  async function sendWithId(id: number, path: string, data = bytes()): Promise<NanoRpcResponse> {
    const answer = new Promise<NanoRpcResponse>((resolve) => client.once('unmatched', resolve));
    await client.sendRaw(
      encodeRequestFrame({ requestId: id, requestType: RequestType.Request, path, data }),
    );
    return answer;
  }

  it('the same id with another path, or with data, is an ordinary request', async () => {
    const sub = await client.subscribe('/topic', undefined, () => undefined);
    expect(await sendWithId(sub.id, '/echo', bytes(5))).toMatchObject({
      requestId: sub.id,
      responseStatus: Status.Ok,
      data: bytes(5),
    });
    expect(await sendWithId(sub.id, '/other')).toMatchObject({
      responseStatus: Status.NotFound,
      responseMessage: 'no handler registered for path',
    });
    expect(await sendWithId(sub.id, '/topic', bytes(1))).toMatchObject({
      responseStatus: Status.NotFound,
    });
    expect(fixture.server.subscriberCount('/topic')).toBe(1);
    const ack = await sub.unsubscribe();
    expect(ack.responseStatus).toBe(Status.Ok);
    expect(fixture.server.subscriberCount('/topic')).toBe(0);
  });
});
