import { DeadlineQueue } from '../../src/client/deadline-queue.js';

describe('DeadlineQueue', () => {
  it('expires items by due time across timeouts, and never a deleted one', async () => {
    const expired: string[] = [];
    let done: () => void = () => undefined;
    const allDone = new Promise<void>((resolve) => (done = resolve));
    const queue = new DeadlineQueue<string>((item) => {
      expired.push(item);
      if (expired.length === 3) done();
    });
    queue.add('slow', 60);
    queue.add('fast-1', 10);
    queue.add('dropped', 10);
    queue.add('fast-2', 10);
    queue.delete('dropped', 10);
    expect(queue.size).toBe(3);
    await allDone;
    expect(expired).toEqual(['fast-1', 'fast-2', 'slow']);
    expect(queue.size).toBe(0);
    queue.clear();
  });

  it('clear() drops everything without expiring it', async () => {
    const expired: string[] = [];
    let done: () => void = () => undefined;
    const bExpired = new Promise<void>((resolve) => (done = resolve));
    const queue = new DeadlineQueue<string>((item) => {
      expired.push(item);
      if (item === 'b') done();
    });
    queue.add('a', 5);
    queue.clear();
    // Same timeout, added later: had 'a' survived clear(), it would have expired first.
    queue.add('b', 5);
    await bExpired;
    expect(expired).toEqual(['b']);
  });

  it("a timeout beyond setTimeout's range waits, instead of waking every millisecond", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.name);
    process.on('warning', onWarning);
    const expired: string[] = [];
    const queue = new DeadlineQueue<string>((item) => expired.push(item));
    const realSetTimeout = globalThis.setTimeout;
    const delays: number[] = [];
    globalThis.setTimeout = ((callback: () => void, delay: number) => {
      delays.push(delay);
      return realSetTimeout(callback, delay);
    }) as typeof setTimeout;
    try {
      queue.add('in 30 days', 30 * 24 * 3600 * 1000);
      await new Promise((resolve) => realSetTimeout(resolve, 30));
      // Armed once, within setTimeout's range (above it Node waits 1 ms and warns).
      expect(delays).toHaveLength(1);
      expect(delays[0]).toBeLessThanOrEqual(2 ** 31 - 1);
      expect(warnings).not.toContain('TimeoutOverflowWarning');
      expect(expired).toEqual([]);
    } finally {
      globalThis.setTimeout = realSetTimeout;
      process.off('warning', onWarning);
      queue.clear();
    }
  });
});
