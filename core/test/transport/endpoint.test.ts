import fc from 'fast-check';
import {
  EndpointError,
  formatEndpoint,
  parseEndpoint,
  type Endpoint,
} from '../../src/transport/endpoint.js';

function problemOf(text: string): string {
  try {
    parseEndpoint(text);
  } catch (error) {
    expect(error).toBeInstanceOf(EndpointError);
    expect((error as EndpointError).code).toBe('ERR_BAD_ENDPOINT');
    return (error as EndpointError).message;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('parseEndpoint: good endpoints', () => {
  it('reads tcp host and port', () => {
    expect(parseEndpoint('tcp://127.0.0.1:4000')).toEqual({
      kind: 'tcp',
      host: '127.0.0.1',
      port: 4000,
      text: 'tcp://127.0.0.1:4000',
    });
    expect(parseEndpoint('tcp://localhost:0')).toMatchObject({ host: 'localhost', port: 0 });
    expect(parseEndpoint('TCP://dev-board.lan:65535/')).toMatchObject({
      host: 'dev-board.lan',
      port: 65535,
    });
  });

  it('reads a bracketed IPv6 address without its brackets', () => {
    expect(parseEndpoint('tcp://[::1]:4000')).toMatchObject({ host: '::1', port: 4000 });
  });

  it('reads a unix socket path, decoding %-escapes', () => {
    expect(parseEndpoint('unix:///tmp/nanorpc.sock')).toEqual({
      kind: 'unix',
      path: '/tmp/nanorpc.sock',
      text: 'unix:///tmp/nanorpc.sock',
    });
    expect(parseEndpoint('unix:///tmp/my%20dev.sock')).toMatchObject({ path: '/tmp/my dev.sock' });
  });

  it('fills serial defaults', () => {
    expect(parseEndpoint('serial:///dev/ttyACM0')).toEqual({
      kind: 'serial',
      path: '/dev/ttyACM0',
      baudRate: 115200,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      toggleDtrRtsOnOpen: false,
      resetLines: 'none',
      resyncIdleMs: 50,
      text: 'serial:///dev/ttyACM0',
    });
  });

  it('reads every serial parameter', () => {
    expect(
      parseEndpoint(
        'serial:///dev/ttyUSB1?baud=9600&databits=7&parity=even&stopbits=2&reset=dtr&resync=120',
      ),
    ).toMatchObject({
      path: '/dev/ttyUSB1',
      baudRate: 9600,
      dataBits: 7,
      parity: 'even',
      stopBits: 2,
      toggleDtrRtsOnOpen: true,
      resetLines: 'dtr',
      resyncIdleMs: 120,
    });
    expect(parseEndpoint('serial:///dev/ttyS0?stopbits=1.5&parity=mark&reset=both')).toMatchObject({
      stopBits: 1.5,
      parity: 'mark',
      resetLines: 'both',
      toggleDtrRtsOnOpen: true,
    });
    expect(parseEndpoint('serial://COM3?baud=57600')).toMatchObject({
      path: 'COM3',
      baudRate: 57600,
    });
  });
});

describe('parseEndpoint: bad endpoints say what is wrong', () => {
  it.each([
    ['', 'endpoint is empty'],
    ['127.0.0.1:4000', 'expected scheme://...'],
    ['localhost:4000', 'missing scheme (did you mean tcp://localhost:4000?)'],
    ['localhost', 'expected scheme://'],
    ['http://example.com:80', 'unknown scheme "http" (expected tcp, unix or serial)'],
    ['tcp:127.0.0.1:4000', 'expected "tcp://" at the start'],
    ['tcp://127.0.0.1', 'missing port'],
    ['tcp://127.0.0.1:', 'missing port'],
    ['tcp://:4000', 'missing host'],
    ['tcp://127.0.0.1:65536', 'port 65536 is out of range (0-65535)'],
    ['tcp://127.0.0.1:http', 'port "http" is not a whole number'],
    ['tcp://127.0.0.1:-1', 'port "-1" is not a whole number'],
    ['tcp://host name:1', 'host "host name" is not a valid host name or address'],
    ['tcp://::1:4000', 'IPv6 address must be written in brackets'],
    ['tcp://[::1:4000', 'missing its closing "]"'],
    ['tcp://127.0.0.1:4000?nodelay=1', 'tcp endpoints take no parameters'],
    ['tcp://127.0.0.1:4000/path', 'tcp endpoints have no path'],
    ['unix://', 'missing socket path'],
    ['unix://relative.sock', 'the socket path must be absolute'],
    ['unix:///tmp/x.sock?mode=1', 'unix endpoints take no parameters'],
    [`unix:///${'d/'.repeat(60)}x.sock`, 'UNIX sockets allow at most'],
    ['serial://', 'missing device path'],
    ['serial:///dev/ttyX?baud=fast', 'baud rate "fast" is not a whole number'],
    ['serial:///dev/ttyX?baud=0', 'baud rate 0 is out of range'],
    ['serial:///dev/ttyX?baud=', 'baud rate "" is not a whole number'],
    ['serial:///dev/ttyX?databits=9', 'data bits "9" is not one of 5, 6, 7, 8'],
    ['serial:///dev/ttyX?parity=yes', 'parity "yes" is not one of none, even, odd, mark, space'],
    ['serial:///dev/ttyX?stopbits=3', 'stop bits "3" is not one of 1, 1.5, 2'],
    ['serial:///dev/ttyX?reset=always', 'reset "always" is not one of dtr, rts, both, none'],
    ['serial:///dev/ttyX?resync=-5', 'resync idle gap (ms) "-5" is not a whole number'],
    ['serial:///dev/ttyX?speed=9600', 'unknown parameter "speed" (known: baud, databits,'],
    ['serial:///dev/ttyX?baud=9600&baud=115200', 'parameter "baud" is given more than once'],
    ['serial:///dev/ttyX#frag', 'no "#" fragment'],
    ['unix:///tmp/%zz.sock', 'broken %-escape'],
  ])('%j', (text, problem) => {
    const message = problemOf(text);
    expect(message).toContain(problem);
    expect(message).toContain(`bad endpoint ${JSON.stringify(text.trim())}`);
  });
});

describe('formatEndpoint', () => {
  it('writes canonical text', () => {
    expect(formatEndpoint(parseEndpoint('TCP://[::1]:80/'))).toBe('tcp://[::1]:80');
    expect(formatEndpoint(parseEndpoint('serial:///dev/ttyX?databits=8&baud=9600&reset=rts'))).toBe(
      'serial:///dev/ttyX?baud=9600&reset=rts',
    );
    expect(formatEndpoint(parseEndpoint('unix:///tmp/a%3Fb.sock'))).toBe('unix:///tmp/a%3Fb.sock');
  });

  it('treats a hand-made toggleDtrRtsOnOpen without resetLines as both lines', () => {
    const endpoint: Endpoint = {
      kind: 'serial',
      path: '/dev/ttyX',
      baudRate: 9600,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      toggleDtrRtsOnOpen: true,
      resyncIdleMs: 50,
      text: '',
    };
    expect(formatEndpoint(endpoint)).toBe('serial:///dev/ttyX?baud=9600&reset=both');
  });

  it('round-trips through parseEndpoint', () => {
    const pathArb = fc
      .array(fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme-ascii' }), {
        minLength: 1,
        maxLength: 4,
      })
      .map((parts) => `/${parts.join('/')}`);
    const endpointArb: fc.Arbitrary<Endpoint> = fc.oneof(
      fc.record({
        kind: fc.constant('tcp' as const),
        host: fc.oneof(fc.ipV4(), fc.ipV6(), fc.domain()),
        port: fc.integer({ min: 0, max: 65535 }),
        text: fc.constant(''),
      }),
      fc.record({ kind: fc.constant('unix' as const), path: pathArb, text: fc.constant('') }),
      fc
        .record({
          path: pathArb,
          baudRate: fc.integer({ min: 1, max: 4_000_000 }),
          dataBits: fc.constantFrom(5 as const, 6 as const, 7 as const, 8 as const),
          parity: fc.constantFrom(
            'none' as const,
            'even' as const,
            'odd' as const,
            'mark' as const,
          ),
          stopBits: fc.constantFrom(1 as const, 1.5 as const, 2 as const),
          resetLines: fc.constantFrom(
            'dtr' as const,
            'rts' as const,
            'both' as const,
            'none' as const,
          ),
          resyncIdleMs: fc.integer({ min: 0, max: 60_000 }),
        })
        .map((fields) => ({
          kind: 'serial' as const,
          ...fields,
          toggleDtrRtsOnOpen: fields.resetLines !== 'none',
          text: '',
        })),
    );
    fc.assert(
      fc.property(endpointArb, (endpoint) => {
        const text = formatEndpoint(endpoint);
        expect(parseEndpoint(text)).toEqual({ ...endpoint, text });
      }),
      { numRuns: 300 },
    );
  });
});
