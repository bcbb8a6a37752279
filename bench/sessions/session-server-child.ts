/**
 * The server side of the sessions-memory bench, in its own process so its RSS is the server's
 * alone and each process stays under the open-file limit (one socket per session on each side).
 * Messages from the parent: 'count' -> { sessions, subscribers, rss }; 'stop'.
 */
import { NanoRpcServer } from '@nanorpc-sim/core';

const server = new NanoRpcServer({ maxSessions: 20_000, maxSubscriptionsPerSession: 32 });
server.topic('/bench/topic');
const listener = await server.listen('tcp://127.0.0.1:0');
process.send?.({ address: listener.address });
process.on('message', (message) => {
  if (message === 'count') {
    globalThis.gc?.();
    process.send?.({
      sessions: server.sessions.size,
      subscribers: server.subscriberCount('/bench/topic'),
      rss: process.memoryUsage().rss,
    });
  } else if (message === 'stop') {
    void server.close({ deadlineMs: 100 }).then(() => process.exit(0));
  }
});
