import { HashCollisionError } from '../../src/protocol/hash-cache.js';
import { fnv1a32 } from '../../src/protocol/fnv1a.js';
import { RequestType } from '../../src/protocol/messages.js';
import { HandlerRegistry, PathTakenError } from '../../src/server/handler-registry.js';

// Two paths with the same FNV-1a 32 hash (0x3c4a0c19), found by search.
const COLLIDING = ['/p/35zx', '/p/apcd'] as const;

const request = (fields: { path?: string; pathHash?: number }) => ({
  requestId: 1,
  requestType: RequestType.Request,
  data: new Uint8Array(0),
  ...fields,
});

describe('HandlerRegistry', () => {
  it('the collision fixture really collides', () => {
    expect(fnv1a32(COLLIDING[0])).toBe(fnv1a32(COLLIDING[1]));
  });

  it('refuses a colliding path, naming both paths', () => {
    const registry = new HandlerRegistry();
    registry.addHandler(COLLIDING[0], () => undefined);
    let caught: unknown;
    try {
      registry.addTopic(COLLIDING[1]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HashCollisionError);
    expect((caught as HashCollisionError).code).toBe('ERR_HASH_COLLISION');
    expect((caught as Error).message).toContain(COLLIDING[0]);
    expect((caught as Error).message).toContain(COLLIDING[1]);
    expect(registry.topicFor(COLLIDING[1])).toBeUndefined();
  });

  it('refuses a second handler (or topic) on one path but allows one of each', () => {
    const registry = new HandlerRegistry();
    registry.addHandler('/a', () => undefined);
    registry.addTopic('/a');
    expect(() => registry.addHandler('/a', () => undefined)).toThrow(PathTakenError);
    expect(() => registry.addTopic('/a')).toThrow(PathTakenError);
    expect(() => registry.addHandler('', () => undefined)).toThrow(TypeError);
  });

  it('resolves requests by string and by hash', () => {
    const registry = new HandlerRegistry();
    registry.addHandler('/echo', () => undefined);
    expect(registry.resolve(request({ path: '/echo' }))).toEqual({
      path: '/echo',
      hash: fnv1a32('/echo'),
    });
    expect(registry.resolve(request({ pathHash: fnv1a32('/echo') }))?.path).toBe('/echo');
    expect(registry.resolve(request({ pathHash: fnv1a32('/nope') }))).toBeUndefined();
    expect(registry.resolve(request({}))).toBeUndefined();
    // An unknown string still resolves (to a path with no handler), for the NOT_FOUND answer.
    expect(
      registry.handlerFor(registry.resolve(request({ path: '/nope' }))?.path ?? ''),
    ).toBeUndefined();
  });
});
