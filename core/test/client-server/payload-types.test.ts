import path from 'node:path';
import protobuf from 'protobufjs';
import { PayloadError } from '../../src/client/json-payload.js';
import { PayloadTypes, payloadCodec } from '../../src/client/payload-types.js';
import { REPO_PROTO_DIR as PROTO_DIR } from '../support/repo-paths.js';

const DEMO = path.join(PROTO_DIR, 'demo_device.proto');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as PayloadError).code;
  }
  return undefined;
}

describe('PayloadTypes', () => {
  const types = PayloadTypes.fromProtoFiles(DEMO);

  it('defines paths from (nanorpc).request_path options', () => {
    expect(types.paths()).toEqual(
      expect.arrayContaining(['/sys/info', '/calc/multiply', '/gpio/led', '/sensors/temp']),
    );
    expect(types.typesOf('/sensors/temp')?.streaming).toBe(true);
    expect(types.typesOf('/calc/multiply')?.request?.fullName).toBe('.demo.MultiplyRequest');
  });

  it('round-trips JSON through the wire format', () => {
    const data = types.encodeRequest('/calc/multiply', { a: 6, b: -7 });
    const request = types.lookupType('demo.MultiplyRequest');
    expect(request.toObject(request.decode(data))).toEqual({ a: 6, b: -7 });
    const response = types.lookupType('demo.MultiplyResponse');
    const answer = response.encode({ product: -42 }).finish();
    // proto3 JSON mapping: 64-bit integers as decimal strings.
    expect(types.decodeResponse('/calc/multiply', answer)).toEqual({ product: '-42' });
  });

  it('accepts snake_case keys, enum names, and 64-bit strings', () => {
    const filter = types.encodeRequest('/sensors/temp', { min_milli_celsius: -1500 });
    const decoded = types.lookupType('demo.TempFilter').decode(filter);
    expect(decoded.toJSON()).toEqual({ minMilliCelsius: -1500 });
    const led = types.encodeRequest('/gpio/led', { action: 'ACTION_TOGGLE' });
    expect(types.lookupType('demo.LedRequest').decode(led).toJSON()).toEqual({
      action: 'ACTION_TOGGLE',
    });
    expect(types.decodeResponse('/gpio/led', Uint8Array.of(0x08, 0x01))).toEqual({ on: true });
  });

  it('refuses what fromObject would silently drop or mangle', () => {
    expect(codeOf(() => types.encodeRequest('/calc/multiply', { a: 1, c: 2 }))).toBe(
      'ERR_PAYLOAD_ENCODE',
    );
    expect(codeOf(() => types.encodeRequest('/calc/multiply', { a: 'six' }))).toBe(
      'ERR_PAYLOAD_ENCODE',
    );
    expect(codeOf(() => types.encodeRequest('/calc/multiply', { a: 2 ** 31 }))).toBe(
      'ERR_PAYLOAD_ENCODE',
    );
    expect(codeOf(() => types.encodeRequest('/gpio/led', { action: 'ACTION_BLINK' }))).toBe(
      'ERR_PAYLOAD_ENCODE',
    );
    expect(codeOf(() => types.encodeRequest('/nope', {}))).toBe('ERR_PAYLOAD_TYPE');
    expect(codeOf(() => types.decodeResponse('/calc/multiply', Uint8Array.of(0x08)))).toBe(
      'ERR_PAYLOAD_DECODE',
    );
  });

  it('passes raw bytes through', () => {
    const raw = Uint8Array.of(1, 2, 3);
    expect(types.encodeRequest('/echo', raw)).toBe(raw);
    expect(types.encodeRequest('/anything', undefined)).toEqual(new Uint8Array(0));
  });

  it('defines paths by hand from Types or type names', () => {
    const custom = new PayloadTypes(types.root).define('/mul', {
      request: 'demo.MultiplyRequest',
      response: types.lookupType('demo.MultiplyResponse'),
    });
    expect(custom.decodeResponse('/mul', Uint8Array.of(0x08, 0x2a))).toEqual({ product: '42' });
    expect(codeOf(() => custom.define('/x', { request: 'demo.Nope' }))).toBe('ERR_PAYLOAD_TYPE');
  });
});

describe('payloadCodec', () => {
  it('works from a .proto path and a type name, or from a Type', () => {
    const fromFile = payloadCodec(DEMO, 'demo.TempReading');
    const bytes = fromFile.encode({ sequence: 3, milliCelsius: 21500 });
    expect(fromFile.decode(bytes)).toEqual({ sequence: 3, milliCelsius: 21500 });
    const type = protobuf
      .parse('syntax = "proto3"; message M { bytes b = 1; repeated uint64 n = 2; }')
      .root.lookupType('M');
    const fromType = payloadCodec(type);
    const encoded = fromType.encode({ b: 'AQI=', n: [1, '18446744073709551615'] });
    expect(fromType.decode(encoded)).toEqual({ b: 'AQI=', n: ['1', '18446744073709551615'] });
    expect(codeOf(() => fromType.encode({ n: [-1] }))).toBe('ERR_PAYLOAD_ENCODE');
  });
});
