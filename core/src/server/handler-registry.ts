import { NanoRpcError } from '../errors/nanorpc-error.js';
import { HashCache } from '../protocol/hash-cache.js';
import type { NanoRpcRequest } from '../protocol/messages.js';
import type { RequestHandler, TopicOptions } from './request-context.js';
import { Topic } from './topic.js';

/** A path registered twice as a handler, or twice as a topic. */
export class PathTakenError extends NanoRpcError {
  declare readonly code: 'ERR_PATH_TAKEN';

  constructor(path: string, kind: 'handler' | 'topic') {
    super('ERR_PATH_TAKEN', `path "${path}" already has a ${kind}`);
  }
}

/** A path a request named, with its hash; `known` is false for a hash no path has. */
export type ResolvedPath = { path: string; hash: number } | undefined;

/**
 * The server's paths: request handlers and subscribable topics, each registered with its hash
 * at the same time so that a collision is refused at registration (HashCollisionError names
 * both paths), never discovered on the wire. A path may have both a handler and a topic.
 */
export class HandlerRegistry {
  readonly hashes = new HashCache();
  private readonly handlers = new Map<string, RequestHandler>();
  private readonly topics = new Map<string, Topic>();

  addHandler(path: string, handler: RequestHandler): void {
    checkPath(path);
    if (this.handlers.has(path)) throw new PathTakenError(path, 'handler');
    this.hashes.register(path);
    this.handlers.set(path, handler);
  }

  addTopic(path: string, options: TopicOptions = {}): Topic {
    checkPath(path);
    if (this.topics.has(path)) throw new PathTakenError(path, 'topic');
    const hash = this.hashes.register(path);
    const topic = new Topic(path, hash, options);
    this.topics.set(path, topic);
    return topic;
  }

  /** The path a request names, by string or through the hash cache; undefined if unknown. */
  resolve(request: NanoRpcRequest): ResolvedPath {
    if (request.path !== undefined) {
      return { path: request.path, hash: this.hashes.hashOf(request.path) };
    }
    if (request.pathHash !== undefined) {
      const path = this.hashes.pathOf(request.pathHash);
      return path === undefined ? undefined : { path, hash: request.pathHash >>> 0 };
    }
    return undefined;
  }

  handlerFor(path: string): RequestHandler | undefined {
    return this.handlers.get(path);
  }

  topicFor(path: string): Topic | undefined {
    return this.topics.get(path);
  }

  allTopics(): IterableIterator<Topic> {
    return this.topics.values();
  }

  handlerPaths(): string[] {
    return [...this.handlers.keys()];
  }
}

function checkPath(path: string): void {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError('a path must be a non-empty string');
  }
}
