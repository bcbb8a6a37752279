import fc from 'fast-check';
import { IdsExhaustedError } from '../../src/client/client-errors.js';
import { IdAllocator, MAX_REQUEST_ID } from '../../src/client/id-allocator.js';

describe('IdAllocator', () => {
  it('counts up from 1 and never hands out 0', () => {
    const ids = new IdAllocator();
    expect([ids.allocate(), ids.allocate(), ids.allocate()]).toEqual([1, 2, 3]);
  });

  it('wraps from the int32 maximum back to 1', () => {
    const ids = new IdAllocator({ firstId: MAX_REQUEST_ID - 1 });
    expect([ids.allocate(), ids.allocate(), ids.allocate()]).toEqual([
      MAX_REQUEST_ID - 1,
      MAX_REQUEST_ID,
      1,
    ]);
  });

  it('skips ids still in use after wrapping', () => {
    const ids = new IdAllocator({ maxId: 4 });
    const held = [ids.allocate(), ids.allocate(), ids.allocate()]; // 1 2 3
    ids.release(held[1] as number); // 2 is free again
    expect(ids.allocate()).toBe(4);
    expect(ids.allocate()).toBe(2); // wraps, skips 1 (in use), takes 2
    expect(() => ids.allocate()).toThrow(IdsExhaustedError);
  });

  it('refuses limits outside the positive int32 range', () => {
    expect(() => new IdAllocator({ maxId: 0 })).toThrow(RangeError);
    expect(() => new IdAllocator({ maxId: MAX_REQUEST_ID + 1 })).toThrow(RangeError);
    expect(() => new IdAllocator({ maxId: 5, firstId: 6 })).toThrow(RangeError);
  });

  it('never hands out an id in use, and follows the counter otherwise (property)', () => {
    const op = fc.oneof(
      fc.constant<{ kind: 'allocate' }>({ kind: 'allocate' }),
      fc.record({ kind: fc.constant<'release'>('release'), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(op, { maxLength: 200 }),
        (maxId, ops) => {
          const ids = new IdAllocator({ maxId });
          const inUse = new Set<number>();
          let counter = 1; // the model's next candidate
          for (const step of ops) {
            if (step.kind === 'release') {
              const held = [...inUse];
              if (held.length === 0) continue;
              const id = held[step.pick % held.length] as number;
              ids.release(id);
              inUse.delete(id);
              continue;
            }
            if (inUse.size === maxId) {
              expect(() => ids.allocate()).toThrow(IdsExhaustedError);
              continue;
            }
            while (inUse.has(counter)) counter = counter >= maxId ? 1 : counter + 1;
            const id = ids.allocate();
            expect(id).toBe(counter);
            expect(id).toBeGreaterThanOrEqual(1);
            expect(id).toBeLessThanOrEqual(maxId);
            inUse.add(id);
            counter = counter >= maxId ? 1 : counter + 1;
            expect(ids.size).toBe(inUse.size);
          }
        },
      ),
    );
  });
});
