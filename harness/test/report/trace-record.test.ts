import {
  encodeRequestBody,
  encodeRequestFrame,
  encodeResponseBody,
  encodeResponseFrame,
  fnv1a32,
  RequestType,
  ResponseType,
  Status,
  type TraceEvent,
} from '@nanorpc-sim/core';
import { frameLabel } from '../../src/report/frame-label.js';
import { traceRecordFromEvent } from '../../src/report/trace-record.js';

const event = (overrides: Partial<TraceEvent> & Pick<TraceEvent, 'bytes'>): TraceEvent => ({
  time: 1_700_000_000_123.25,
  direction: 'tx',
  link: 'client#1 tcp://127.0.0.1:4000',
  role: 'client',
  kind: 'frame',
  ...overrides,
});

describe('traceRecordFromEvent', () => {
  it('decodes a client tx frame (prefix included) as a request', () => {
    const bytes = encodeRequestFrame({
      requestId: 3,
      requestType: RequestType.Request,
      path: '/calc/multiply',
      data: Uint8Array.of(0x08, 0x06, 0x10, 0x07),
    });
    const record = traceRecordFromEvent(event({ bytes }), 'multiply', 7);
    expect(record).toEqual({
      seq: 7,
      time: 1_700_000_000_123.25,
      scenario: 'multiply',
      link: 'client#1 tcp://127.0.0.1:4000',
      role: 'client',
      direction: 'tx',
      kind: 'frame',
      hex: Buffer.from(bytes).toString('hex'),
      decoded: {
        requestId: 3,
        requestType: 'TYPE_REQUEST',
        path: '/calc/multiply',
        data: '08061007',
      },
    });
    expect(frameLabel(record)).toBe('REQUEST #3 /calc/multiply');
  });

  it('decodes a client rx body as a response, with status and message names', () => {
    const bytes = encodeResponseBody({
      requestId: 9,
      responseType: ResponseType.Response,
      responseStatus: Status.NotAuthorized,
      responseMessage: 'nope',
      data: new Uint8Array(),
    });
    const record = traceRecordFromEvent(event({ bytes, direction: 'rx', kind: 'body' }), 's', 0);
    expect(record.decoded).toEqual({
      requestId: 9,
      responseType: 'TYPE_RESPONSE',
      responseStatus: 'STATUS_NOT_AUTHORIZED',
      responseMessage: 'nope',
      data: '',
    });
    expect(frameLabel(record)).toBe('RESPONSE #9 STATUS_NOT_AUTHORIZED');
  });

  it('decodes server-side events the other way round (rx request, tx response)', () => {
    const hash = fnv1a32('/sensors/temp');
    const rx = traceRecordFromEvent(
      event({
        role: 'server',
        direction: 'rx',
        kind: 'body',
        bytes: encodeRequestBody({
          requestId: 4,
          requestType: RequestType.Subscribe,
          pathHash: hash,
          data: Uint8Array.of(5),
        }),
      }),
      's',
      0,
    );
    expect(rx.decoded).toEqual({
      requestId: 4,
      requestType: 'TYPE_SUBSCRIBE',
      pathHash: hash,
      data: '05',
    });
    expect(frameLabel(rx)).toBe(`SUBSCRIBE #4 hash 0x${hash.toString(16).padStart(8, '0')}`);
    const tx = traceRecordFromEvent(
      event({
        role: 'server',
        bytes: encodeResponseFrame({
          requestId: 4,
          responseType: ResponseType.Update,
          responseStatus: Status.Ok,
          responseMessage: '',
          data: Uint8Array.of(1),
        }),
      }),
      's',
      1,
    );
    expect(tx.decoded).toMatchObject({
      responseType: 'TYPE_UPDATE',
      responseStatus: 'STATUS_OK',
      data: '01',
    });
    expect(frameLabel(tx)).toBe('UPDATE #4');
  });

  it('labels pings and pongs', () => {
    const ping = traceRecordFromEvent(
      event({
        bytes: encodeRequestFrame({
          requestId: 1,
          requestType: RequestType.Ping,
          data: new Uint8Array(),
        }),
      }),
      's',
      0,
    );
    expect(frameLabel(ping)).toBe('PING #1');
    const pong = traceRecordFromEvent(
      event({
        direction: 'rx',
        kind: 'body',
        bytes: encodeResponseBody({
          requestId: 1,
          responseType: ResponseType.Pong,
          responseStatus: Status.Ok,
          responseMessage: '',
          data: new Uint8Array(),
        }),
      }),
      's',
      1,
    );
    expect(frameLabel(pong)).toBe('PONG #1');
  });

  it('turns an undecodable body into a note instead of throwing', () => {
    // field 1 as a length-delimited field that runs past the end
    const record = traceRecordFromEvent(
      event({
        direction: 'rx',
        kind: 'body',
        bytes: Uint8Array.of(0x0a, 0x05, 0x01),
        note: 'from the device',
      }),
      's',
      2,
    );
    expect(record.decoded).toBeUndefined();
    expect(record.hex).toBe('0a0501');
    expect(record.note).toMatch(/^from the device; cannot decode NanoRPCResponse: /);
    expect(frameLabel(record)).toBe('UNDECODABLE 3 B');
  });

  it('notes a frame whose length prefix does not match its bytes', () => {
    const frame = encodeRequestFrame({
      requestId: 1,
      requestType: RequestType.Ping,
      data: new Uint8Array(),
    });
    const record = traceRecordFromEvent(
      event({ bytes: frame.subarray(0, frame.length - 1) }),
      's',
      0,
    );
    expect(record.decoded).toBeUndefined();
    expect(record.note).toMatch(/length prefix says \d+ bytes but \d+ follow/);
    const empty = traceRecordFromEvent(event({ bytes: new Uint8Array() }), 's', 0);
    expect(empty.note).toMatch(/no complete length prefix/);
  });

  it('keeps raw and error events undecoded, with their notes', () => {
    const raw = traceRecordFromEvent(
      event({
        kind: 'raw',
        bytes: Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
        note: 'oversize',
      }),
      's',
      0,
    );
    expect(raw).toMatchObject({ kind: 'raw', hex: 'ffffffffff01', note: 'oversize' });
    expect(raw.decoded).toBeUndefined();
    expect(frameLabel(raw)).toBe('RAW 6 B');
    const error = traceRecordFromEvent(
      event({
        kind: 'error',
        direction: 'rx',
        bytes: Uint8Array.of(0x80),
        note: 'ERR_VARINT_TOO_LONG',
      }),
      's',
      1,
    );
    expect(error.decoded).toBeUndefined();
    expect(frameLabel(error)).toBe('FRAME ERROR: ERR_VARINT_TOO_LONG');
  });

  it('hexes a view on a larger buffer without its neighbours', () => {
    const buffer = Uint8Array.of(0xaa, 0x02, 0x08, 0x01, 0xbb);
    const record = traceRecordFromEvent(
      event({ kind: 'raw', bytes: buffer.subarray(1, 4) }),
      's',
      0,
    );
    expect(record.hex).toBe('020801');
  });
});
