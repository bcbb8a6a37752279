import { formatHash } from '../protocol/fnv1a.js';
import type { HashCache } from '../protocol/hash-cache.js';

/** A path named by its string, or by its FNV-1a hash alone (for paths known only by hash). */
export type PathRef = string | { hash: number };

/** The request fields that name a path: one of the schema's oneof members. */
export type WirePath = { path: string } | { pathHash: number };

/**
 * The oneof member to send for `ref`. A string goes out as its hash when `hashPath` is set,
 * unless the client's cache already holds another path with the same hash: then the string is
 * sent, since the server could not tell the two apart.
 */
export function toWirePath(ref: PathRef, hashes: HashCache, hashPath: boolean): WirePath {
  if (typeof ref !== 'string') {
    const hash = ref.hash;
    if (!Number.isInteger(hash) || hash < 0 || hash > 0xffffffff) {
      throw new RangeError(`a path hash is a uint32, got ${hash}`);
    }
    return { pathHash: hash };
  }
  if (!hashPath || hashes.collidesWith(ref) !== undefined) return { path: ref };
  return { pathHash: hashes.register(ref) };
}

/** For messages: the path string, or the hash (with its path when the cache knows it). */
export function describePath(ref: PathRef, hashes?: HashCache): string {
  if (typeof ref === 'string') return ref;
  const known = hashes?.pathOf(ref.hash);
  return known === undefined ? `hash ${formatHash(ref.hash)}` : `${known} (by hash)`;
}
