import { performance } from 'node:perf_hooks';
import type { BenchRow } from '../measure.js';
import { startRig } from './bench-setup.js';

export interface FanOutBenchOptions {
  /** Time spent publishing, in ms. Default 1500. */
  durationMs?: number;
  sessions?: number;
  subscriptionsPerSession?: number;
  /** Updates published per burst; the next burst waits until this one is delivered. */
  burst?: number;
}

/**
 * Publish fan-out: one topic, 1000 subscribers over 50 TCP sessions (20 each), the server
 * publishing 16-byte updates in bursts; updates/s counts updates received by the clients.
 */
export async function fanOutBenchmark(options: FanOutBenchOptions = {}): Promise<BenchRow[]> {
  const durationMs = options.durationMs ?? 1500;
  const sessions = options.sessions ?? 50;
  const perSession = options.subscriptionsPerSession ?? 20;
  const burst = options.burst ?? 20;
  const subscribers = sessions * perSession;
  const rig = await startRig('tcp', (server) => server.topic('/fan'), {
    maxSubscriptionsPerSession: perSession,
    // A whole burst fits in each session's write backlog: nothing is dropped.
    maxQueuedWritesPerSession: burst * perSession + 16,
  });
  try {
    let received = 0;
    for (let s = 0; s < sessions; s++) {
      const client = await rig.connect();
      for (let i = 0; i < perSession; i++) {
        await client.subscribe('/fan', undefined, () => {
          received++;
        });
      }
    }
    const data = new Uint8Array(16).fill(0x5a);
    const publishBurst = async (): Promise<void> => {
      const target = received + burst * subscribers;
      for (let i = 0; i < burst; i++) rig.server.publish('/fan', data);
      while (received < target) await new Promise((resolve) => setImmediate(resolve));
    };
    await publishBurst(); // warm-up
    const start = performance.now();
    const before = received;
    let bursts = 0;
    while (performance.now() - start < durationMs) {
      await publishBurst();
      bursts++;
    }
    const elapsed = performance.now() - start;
    const delivered = received - before;
    return [
      {
        name: `client-server publish fan-out, ${subscribers} subscribers / ${sessions} sessions (tcp)`,
        value: (delivered * 1000) / elapsed,
        unit: 'updates/s',
        detail: `${bursts * burst} publishes of 16 B, ${delivered} updates received in ${Math.round(elapsed)} ms`,
      },
    ];
  } finally {
    await rig.close();
  }
}
