import { QueueFullError } from '../../src/client/client-errors.js';
import { RequestQueue } from '../../src/client/request-queue.js';

describe('RequestQueue', () => {
  it('keeps order, refuses beyond the limit with QueueFullError, and removes items', () => {
    const queue = new RequestQueue<string>(2);
    queue.push('a');
    queue.push('b');
    expect(queue.full).toBe(true);
    let caught: unknown;
    try {
      queue.push('c');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QueueFullError);
    expect((caught as QueueFullError).code).toBe('ERR_QUEUE_FULL');
    expect(queue.remove('a')).toBe(true);
    expect(queue.remove('a')).toBe(false);
    queue.push('d');
    expect(queue.drain()).toEqual(['b', 'd']);
    expect(queue.size).toBe(0);
  });

  it('with limit 0 queues nothing', () => {
    const queue = new RequestQueue<number>(0);
    expect(() => queue.push(1)).toThrow(QueueFullError);
  });
});
