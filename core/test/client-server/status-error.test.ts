import { Status, ResponseType } from '../../src/protocol/messages.js';
import { StatusError } from '../../src/protocol/status-error.js';
import { HashCache } from '../../src/protocol/hash-cache.js';
import { toWirePath, describePath } from '../../src/client/path-ref.js';

describe('StatusError', () => {
  it('carries the status and the message to send', () => {
    const error = new StatusError(Status.NotAuthorized, 'forbidden');
    expect(error.code).toBe('ERR_STATUS');
    expect(error.status).toBe(Status.NotAuthorized);
    expect(error.responseMessage).toBe('forbidden');
    expect(error.message).toBe('STATUS_NOT_AUTHORIZED: forbidden');
  });

  it('is built from a received response with the call named', () => {
    const response = {
      requestId: 3,
      responseType: ResponseType.Response,
      responseStatus: Status.NotFound,
      responseMessage: 'no handler registered for path',
      data: new Uint8Array(0),
    };
    const error = StatusError.fromResponse(response, '/nope');
    expect(error.response).toBe(response);
    expect(error.message).toBe('/nope answered STATUS_NOT_FOUND: no handler registered for path');
  });
});

describe('path references', () => {
  it('hashes when asked, and falls back to the string on a known collision', () => {
    const hashes = new HashCache();
    expect(toWirePath('/a', hashes, false)).toEqual({ path: '/a' });
    expect(toWirePath('/p/35zx', hashes, true)).toEqual({ pathHash: 0x3c4a0c19 });
    // Same hash as /p/35zx, which the cache now knows: send the string instead.
    expect(toWirePath('/p/apcd', hashes, true)).toEqual({ path: '/p/apcd' });
    expect(toWirePath({ hash: 5 }, hashes, false)).toEqual({ pathHash: 5 });
    expect(() => toWirePath({ hash: -1 }, hashes, false)).toThrow(RangeError);
    expect(describePath({ hash: 0x3c4a0c19 }, hashes)).toBe('/p/35zx (by hash)');
    expect(describePath({ hash: 1 }, hashes)).toBe('hash 0x00000001');
  });
});
