import {
  decodeRequest,
  decodeResponse,
  encodeRequestBody,
  encodeRequestFrame,
  encodeResponseBody,
  encodeResponseFrame,
} from '../../src/protocol/codec.js';
import { FrameError } from '../../src/protocol/frame-errors.js';
import { RequestType } from '../../src/protocol/messages.js';
import {
  fromHex,
  hex,
  requestFromVector,
  responseFromVector,
  wireVectors,
} from './wire-vectors.js';

const requests = wireVectors.frames.filter((v) => v.message === 'NanoRPCRequest');
const responses = wireVectors.frames.filter((v) => v.message === 'NanoRPCResponse');

describe('codec against the protoc wire vectors', () => {
  test('the fixture holds both message kinds', () => {
    expect(requests.length).toBeGreaterThanOrEqual(5);
    expect(responses.length).toBeGreaterThanOrEqual(4);
  });

  test.each(requests.map((v) => [v.name, v] as const))('request %s', (_name, vector) => {
    const request = requestFromVector(vector);
    expect(hex(encodeRequestBody(request))).toBe(vector.body_hex);
    expect(hex(encodeRequestFrame(request))).toBe(vector.frame_hex);
    expect(decodeRequest(fromHex(vector.body_hex))).toEqual(request);
  });

  test.each(responses.map((v) => [v.name, v] as const))('response %s', (_name, vector) => {
    const response = responseFromVector(vector);
    expect(hex(encodeResponseBody(response))).toBe(vector.body_hex);
    expect(hex(encodeResponseFrame(response))).toBe(vector.frame_hex);
    expect(decodeResponse(fromHex(vector.body_hex))).toEqual(response);
  });
});

describe('decoder rules of the protocol', () => {
  test('fields in any order decode the same', () => {
    // data, path, type, id: the reverse of the canonical order.
    const body = fromHex('5202abcd' + '2202' + '2f78' + '1002' + '0807');
    expect(decodeRequest(body)).toEqual({
      requestId: 7,
      requestType: RequestType.Request,
      path: '/x',
      data: fromHex('abcd'),
    });
  });

  test('unknown fields of every wire type are skipped', () => {
    const unknown = '3801' + '410400000000000000' + '4a03616263' + '4d01020304'; // f7 varint, f8 fixed64, f9 bytes, f9 fixed32
    const body = fromHex('0805' + unknown + '1001');
    expect(decodeRequest(body)).toMatchObject({ requestId: 5, requestType: RequestType.Ping });
  });

  test('an unknown group nested deeper than the call stack goes is skipped like any other', () => {
    // 20000 levels of group 1 (tag 0b ... 0c): 40 kB, under the 64 KiB frame limit.
    const depth = 20_000;
    const groups = '0b'.repeat(depth) + '0c'.repeat(depth);
    expect(decodeRequest(fromHex('0805' + groups + '1001'))).toMatchObject({
      requestId: 5,
      requestType: RequestType.Ping,
    });
    expect(decodeResponse(fromHex('0805' + groups + '1001')).requestId).toBe(5);
    // Unterminated: a FrameError, not a RangeError from the call stack.
    expect(() => decodeRequest(fromHex('0b'.repeat(depth)))).toThrow(FrameError);
  });

  test('the last value of a repeated scalar wins', () => {
    expect(decodeRequest(fromHex('0801' + '0802' + '1001')).requestId).toBe(2);
  });

  test('the last member of the path oneof wins, whichever it is', () => {
    const pathThenHash = decodeRequest(fromHex('2202' + '2f61' + '1805'));
    expect(pathThenHash.pathHash).toBe(5);
    expect(pathThenHash.path).toBeUndefined();
    const hashThenPath = decodeRequest(fromHex('1805' + '2202' + '2f61'));
    expect(hashThenPath.path).toBe('/a');
    expect(hashThenPath.pathHash).toBeUndefined();
  });

  test('decoded data is a view on the received bytes, not a copy', () => {
    const body = fromHex('0801' + '5204deadbeef');
    const request = decodeRequest(body);
    expect(request.data.buffer).toBe(body.buffer);
    expect(request.data.byteOffset).toBe(body.byteOffset + 4);
    body[4] = 0x00;
    expect(request.data[0]).toBe(0x00);
  });

  test('absent data decodes as an empty Uint8Array', () => {
    const response = decodeResponse(fromHex('080110011801'));
    expect(response.data).toBeInstanceOf(Uint8Array);
    expect(response.data.length).toBe(0);
    expect(response.responseMessage).toBe('');
  });

  test('an empty body is a message with every field at its default', () => {
    expect(decodeRequest(new Uint8Array(0))).toEqual({
      requestId: 0,
      requestType: RequestType.Unspecified,
      data: new Uint8Array(0),
    });
  });
});

describe('malformed bodies give FrameError ERR_MALFORMED_BODY', () => {
  const cases: [string, string][] = [
    ['a truncated varint field', '08'],
    ['a length running past the end', '2205' + '2f61'],
    ['wire type 7', '0f'],
    ['a group start without its end', '0b'],
  ];
  test.each(cases)('%s', (_label, bodyHex) => {
    for (const decode of [decodeRequest, decodeResponse]) {
      let thrown: unknown;
      try {
        decode(fromHex(bodyHex));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(FrameError);
      expect((thrown as FrameError).code).toBe('ERR_MALFORMED_BODY');
    }
  });
});
