import { NanoRpcClient } from '../../src/client/client.js';
import { decodeRequest } from '../../src/protocol/codec.js';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import {
  RequestType,
  ResponseType,
  Status,
  type NanoRpcRequest,
  type NanoRpcResponse,
} from '../../src/protocol/messages.js';
import { listenLoopback, writeResponse, type LoopbackServer } from '../support/loopback-server.js';
import { bytes, until } from './fixture-server.js';

/** A hand-written peer: `script` answers each request with whatever frames it likes. */
function startPeer(
  script: (request: NanoRpcRequest, send: (response: Partial<NanoRpcResponse>) => void) => void,
): Promise<LoopbackServer> {
  return listenLoopback((socket) => {
    const send = (response: Partial<NanoRpcResponse>): void => {
      writeResponse(socket, response);
    };
    const decoder = new FrameDecoder((body) => script(decodeRequest(body), send));
    socket.on('data', (chunk) => decoder.push(chunk));
  });
}

describe('client routing against a scripted peer', () => {
  it('delivers updates until the unsubscribe ack and none after it', async () => {
    const peer = await startPeer((request, send) => {
      const id = request.requestId;
      if (request.requestType === RequestType.Subscribe) {
        // An update before the ack is out of phase: not delivered.
        send({ requestId: id, responseType: ResponseType.Update, data: bytes(0) });
        send({ requestId: id });
        send({ requestId: id, responseType: ResponseType.Update, data: bytes(1) });
      } else if (request.requestType === RequestType.Request && request.path === '/t') {
        send({ requestId: id, responseType: ResponseType.Update, data: bytes(2) });
        send({ requestId: id, responseMessage: 'unsubscribed' });
        send({ requestId: id, responseType: ResponseType.Update, data: bytes(3) });
        send({ requestId: id, responseMessage: 'a second ack' });
      }
    });
    const client = new NanoRpcClient(peer.address);
    try {
      const unmatched: NanoRpcResponse[] = [];
      client.on('unmatched', (response) => unmatched.push(response));
      await client.connect();
      const delivered: number[] = [];
      const sub = await client.subscribe('/t', undefined, (u) =>
        delivered.push(u.data[0] as number),
      );
      await until(() => delivered.length === 1);
      const ack = await sub.unsubscribe();
      expect(ack.responseMessage).toBe('unsubscribed');
      expect(sub.phase).toBe('terminated');
      await until(() => unmatched.length === 3);
      expect(delivered).toEqual([1, 2]);
      expect(unmatched.map((r) => [r.responseType, r.data[0] ?? r.responseMessage])).toEqual([
        [ResponseType.Update, 0],
        [ResponseType.Update, 3],
        [ResponseType.Response, 'a second ack'],
      ]);
    } finally {
      await client.close();
      await peer.close();
    }
  });

  it('rejects a subscribe whose ack is not OK and frees its id', async () => {
    const peer = await startPeer((request, send) => {
      if (request.requestType === RequestType.Subscribe) {
        send({
          requestId: request.requestId,
          responseStatus: Status.NotAuthorized,
          responseMessage: 'no',
        });
      } else if (request.requestType === RequestType.Ping) {
        send({ requestId: request.requestId, responseType: ResponseType.Pong });
      }
    });
    const client = new NanoRpcClient(peer.address);
    try {
      await client.connect();
      await expect(client.subscribe('/t', undefined, () => undefined)).rejects.toMatchObject({
        code: 'ERR_STATUS',
        status: Status.NotAuthorized,
        responseMessage: 'no',
      });
      expect((await client.ping()).responseType).toBe(ResponseType.Pong);
    } finally {
      await client.close();
      await peer.close();
    }
  });

  it('takes a TYPE_RESPONSE to a ping as unmatched, not as the pong', async () => {
    const peer = await startPeer((request, send) => {
      send({ requestId: request.requestId, responseType: ResponseType.Response });
      send({ requestId: request.requestId, responseType: ResponseType.Pong });
    });
    const client = new NanoRpcClient(peer.address);
    try {
      const unmatched: NanoRpcResponse[] = [];
      client.on('unmatched', (response) => unmatched.push(response));
      await client.connect();
      const pong = await client.ping();
      expect(pong.responseType).toBe(ResponseType.Pong);
      expect(unmatched.map((r) => r.responseType)).toEqual([ResponseType.Response]);
    } finally {
      await client.close();
      await peer.close();
    }
  });
});
