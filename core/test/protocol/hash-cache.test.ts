import { fnv1a32 } from '../../src/protocol/fnv1a.js';
import { HashCache, HashCollisionError } from '../../src/protocol/hash-cache.js';

/** The cache's memo of path -> hash, read for the memory check below. */
function memoSize(cache: HashCache): number {
  return (cache as unknown as { hashByPath: Map<string, number> }).hashByPath.size;
}

describe('HashCache', () => {
  it('hashes any path, registers paths both ways, and refuses a collision', () => {
    const cache = new HashCache();
    expect(cache.hashOf('/a')).toBe(fnv1a32('/a'));
    expect(cache.pathOf(fnv1a32('/a'))).toBeUndefined();
    expect(cache.register('/a')).toBe(fnv1a32('/a'));
    expect(cache.pathOf(fnv1a32('/a'))).toBe('/a');
    // "costarring" and "liquid" are a known FNV-1a 32 collision.
    expect(fnv1a32('costarring')).toBe(fnv1a32('liquid'));
    cache.register('costarring');
    expect(cache.collidesWith('liquid')).toBe('costarring');
    expect(() => cache.register('liquid')).toThrow(HashCollisionError);
    cache.unregister('costarring');
    expect(cache.register('liquid')).toBe(fnv1a32('liquid'));
  });

  it('remembers only registered paths: paths named by peers do not grow it', () => {
    // A server resolves every path string a client sends through its cache; a peer sending
    // ever new paths must not make that memory grow without bound.
    const cache = new HashCache();
    cache.register('/known');
    for (let i = 0; i < 1000; i++) {
      expect(cache.hashOf(`/unknown/${i}`)).toBe(fnv1a32(`/unknown/${i}`));
      expect(cache.collidesWith(`/other/${i}`)).toBeUndefined();
    }
    expect(memoSize(cache)).toBe(1);
    expect(cache.size).toBe(1);
  });
});
