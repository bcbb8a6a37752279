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
});
