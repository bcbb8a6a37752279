/**
 * The harness's library server in a process of its own, for the peer bench: NanoRpcServer
 * with a synchronous /echo (what the Go reference adapter serves), on the endpoints given.
 *
 *   node --import tsx bench/peers/harness-server.ts --listen tcp://127.0.0.1:0 [--listen ...]
 *
 * Prints `harness-server: listening <endpoint>` per endpoint, like nanorpc-ref-server; exits 0
 * on SIGTERM or SIGINT.
 */
import { parseArgs } from 'node:util';
import { NanoRpcServer } from '@nanorpc-sim/core';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { listen: { type: 'string', multiple: true, default: ['tcp://127.0.0.1:0'] } },
    strict: true,
  });
  // Pipelined load keeps up to 256 requests in flight and nothing is asynchronous here.
  const server = new NanoRpcServer({ maxInFlightPerSession: 1024 });
  server.handle('/echo', (ctx) => ctx.data);
  for (const endpoint of values.listen) {
    const listener = await server.listen(endpoint);
    process.stdout.write(`harness-server: listening ${listener.address}\n`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close({ deadlineMs: 200 });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
