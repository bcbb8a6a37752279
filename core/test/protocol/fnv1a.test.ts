import { fnv1a32, formatHash } from '../../src/protocol/fnv1a.js';
import { HashCache, HashCollisionError } from '../../src/protocol/hash-cache.js';
import { wireVectors } from './wire-vectors.js';

describe('FNV-1a 32', () => {
  test.each(Object.entries(wireVectors.fnv1a32))('%j hashes to %s', (input, expected) => {
    expect(formatHash(fnv1a32(input))).toBe(expected);
  });

  test('hashes UTF-8 bytes, not UTF-16 code units', () => {
    expect(fnv1a32('/é')).toBe(fnv1a32(new Uint8Array([0x2f, 0xc3, 0xa9])));
  });

  test('the request-hash-path vector names /calc/multiply', () => {
    const vector = wireVectors.frames.find((v) => v.name === 'request-hash-path');
    expect(vector?.fields['path_hash']).toBe(fnv1a32('/calc/multiply'));
  });
});

describe('HashCache', () => {
  test('maps both ways', () => {
    const cache = new HashCache();
    const hash = cache.register('/sys/info');
    expect(hash).toBe(0xce8c5900);
    expect(cache.pathOf(hash)).toBe('/sys/info');
    expect(cache.hashOf('/sys/info')).toBe(hash);
    expect(cache.pathOf(fnv1a32('/unknown'))).toBeUndefined();
  });

  test('registering the same path twice is fine', () => {
    const cache = new HashCache();
    cache.register('/a');
    expect(() => cache.register('/a')).not.toThrow();
    expect(cache.size).toBe(1);
  });

  test('a collision is refused with both paths named', () => {
    // "costarring" and "liquid" are a known FNV-1a 32 collision.
    expect(fnv1a32('costarring')).toBe(fnv1a32('liquid'));
    const cache = new HashCache();
    cache.register('costarring');
    expect(cache.collidesWith('liquid')).toBe('costarring');
    let thrown: unknown;
    try {
      cache.register('liquid');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HashCollisionError);
    expect((thrown as HashCollisionError).code).toBe('ERR_HASH_COLLISION');
    expect((thrown as Error).message).toContain('"liquid"');
    expect((thrown as Error).message).toContain('"costarring"');
    expect(cache.pathOf(fnv1a32('liquid'))).toBe('costarring');
  });

  test('caches are independent (no global state)', () => {
    const first = new HashCache();
    first.register('/a');
    expect(new HashCache().pathOf(fnv1a32('/a'))).toBeUndefined();
  });
});
