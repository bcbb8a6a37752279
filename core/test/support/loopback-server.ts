import { createServer, type Socket } from 'node:net';
import { encodeResponseFrame, ResponseType, Status, type NanoRpcResponse } from '@nanorpc-sim/core';

export interface LoopbackServer {
  /** tcp://127.0.0.1:<port> */
  address: string;
  /** Ends the connections still open, then stops listening. */
  close(): Promise<void>;
}

/** A raw TCP server on a free loopback port, for a peer written by hand in a test. */
export async function listenLoopback(
  onConnection: (socket: Socket) => void,
): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    address: `tcp://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes one response frame, an OK TYPE_RESPONSE with id 0 unless `response` says otherwise. */
export function writeResponse(socket: Socket, response: Partial<NanoRpcResponse>): void {
  socket.write(
    encodeResponseFrame({
      requestId: 0,
      responseType: ResponseType.Response,
      responseStatus: Status.Ok,
      responseMessage: '',
      data: new Uint8Array(0),
      ...response,
    }),
  );
}
