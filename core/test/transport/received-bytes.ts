import type { Transport } from '../../src/transport/transport.js';

/**
 * Resolves with what `transport` receives, once at least `length` bytes have come (all of
 * them: more than `length` shows up in the test's comparison).
 */
export function receive(transport: Transport, length: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Uint8Array): void => {
      chunks.push(Buffer.from(chunk));
      total += chunk.length;
      if (total >= length) {
        transport.off('data', onData);
        resolve(Buffer.concat(chunks));
      }
    };
    transport.on('data', onData);
  });
}
