import fc from 'fast-check';
import { LinkThrottle } from '../src/link-throttle.js';

describe('LinkThrottle', () => {
  it('lets bytes leave at baud/10 per second: 2 KiB at 9600 baud take 2133 ms', () => {
    const schedule = new LinkThrottle().schedule(1000, 2048, 9600);
    expect(schedule.startAt).toBe(1000);
    expect(schedule.finishAt).toBeCloseTo(1000 + (2048 * 10 * 1000) / 9600, 6);
  });

  it('makes a write wait until the bytes before it have left', () => {
    const throttle = new LinkThrottle();
    const first = throttle.schedule(0, 96, 9600); // 100 ms of line time
    const second = throttle.schedule(10, 96, 9600);
    expect(first.finishAt).toBeCloseTo(100, 6);
    expect(second.startAt).toBeCloseTo(100, 6);
    expect(second.finishAt).toBeCloseTo(200, 6);
    // Once the line is idle, a write starts at its own time.
    expect(throttle.schedule(1000, 96, 9600)).toEqual({ startAt: 1000, finishAt: 1100 });
  });

  it('never beats the line rate and never starts a write before it is made', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 50, max: 1_000_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 500 })), {
          minLength: 1,
          maxLength: 20,
        }),
        (baud, writes) => {
          const throttle = new LinkThrottle();
          const byteTime = LinkThrottle.byteTimeMs(baud);
          let now = 0;
          let previousFinish = Number.NEGATIVE_INFINITY;
          for (const [gap, size] of writes) {
            now += gap;
            const { startAt, finishAt } = throttle.schedule(now, size, baud);
            if (startAt < now || startAt < previousFinish) return false;
            if (Math.abs(finishAt - startAt - size * byteTime) > 1e-6) return false;
            previousFinish = finishAt;
          }
          return true;
        },
      ),
    );
  });
});
