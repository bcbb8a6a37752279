import { NanoRpcError } from '../errors/nanorpc-error.js';
import { fnv1a32, formatHash } from './fnv1a.js';

/** Two different paths share one FNV-1a hash: refused when the second one is registered. */
export class HashCollisionError extends NanoRpcError {
  declare readonly code: 'ERR_HASH_COLLISION';
  readonly hash: number;
  readonly existingPath: string;
  readonly newPath: string;

  constructor(hash: number, existingPath: string, newPath: string) {
    super(
      'ERR_HASH_COLLISION',
      `path "${newPath}" has hash ${formatHash(hash)}, already taken by path "${existingPath}"`,
    );
    this.hash = hash;
    this.existingPath = existingPath;
    this.newPath = newPath;
  }
}

/**
 * The two-way path <-> hash cache each client and server keeps. `register` is for paths the
 * owner serves or uses and refuses collisions; `hashOf` computes, and remembers only registered
 * paths: a server hashes every path string its peers send, which must not grow the cache.
 */
export class HashCache {
  private readonly pathByHash = new Map<number, string>();
  private readonly hashByPath = new Map<string, number>();

  /** Remembers `path` and returns its hash; throws HashCollisionError on a collision. */
  register(path: string): number {
    const hash = this.hashOf(path);
    const existing = this.pathByHash.get(hash);
    if (existing !== undefined && existing !== path) {
      throw new HashCollisionError(hash, existing, path);
    }
    this.pathByHash.set(hash, path);
    this.hashByPath.set(path, hash);
    return hash;
  }

  /** Whether `path` could be registered without colliding with another path. */
  collidesWith(path: string): string | undefined {
    const existing = this.pathByHash.get(this.hashOf(path));
    return existing !== undefined && existing !== path ? existing : undefined;
  }

  hashOf(path: string): number {
    return this.hashByPath.get(path) ?? fnv1a32(path);
  }

  /** The registered path with this hash, if any. */
  pathOf(hash: number): string | undefined {
    return this.pathByHash.get(hash >>> 0);
  }

  unregister(path: string): void {
    const hash = this.hashOf(path);
    if (this.pathByHash.get(hash) === path) {
      this.pathByHash.delete(hash);
      this.hashByPath.delete(path);
    }
  }

  get size(): number {
    return this.pathByHash.size;
  }

  paths(): IterableIterator<string> {
    return this.pathByHash.values();
  }
}
