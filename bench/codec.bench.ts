import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  decodeRequest,
  decodeResponse,
  encodeRequestFrame,
  encodeResponseFrame,
  FrameDecoder,
  nanoRpcEnvelopeSource,
  RequestType,
  ResponseType,
  Status,
  type NanoRpcRequest,
  type NanoRpcResponse,
} from '@nanorpc-sim/core';
import { opsPerSecond, type BenchRow } from './measure.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const ping: NanoRpcRequest = {
  requestId: 1,
  requestType: RequestType.Ping,
  data: new Uint8Array(0),
};
const request32: NanoRpcRequest = {
  requestId: 42,
  requestType: RequestType.Request,
  path: '/echo',
  data: new Uint8Array(32).fill(0xab),
};
const update1k: NanoRpcResponse = {
  requestId: 100,
  responseType: ResponseType.Update,
  responseStatus: Status.Ok,
  responseMessage: '',
  data: new Uint8Array(1024).fill(0x5a),
};

interface StaticMessage {
  encodeDelimited(message: object): { finish(): Uint8Array };
  decode(bytes: Uint8Array): object;
}

/** pbjs's static code for the same schema, generated now so the comparison stays current. */
function loadStaticCodec(): { request: StaticMessage; response: StaticMessage } | undefined {
  const outDir = path.join(here, '.generated');
  const outFile = path.join(outDir, 'nanorpc-static.cjs');
  mkdirSync(outDir, { recursive: true });
  try {
    const pbjs = require.resolve('protobufjs-cli/bin/pbjs');
    const envelope = path.join(outDir, 'nanorpc-envelope.proto');
    writeFileSync(envelope, nanoRpcEnvelopeSource());
    execFileSync(
      process.execPath,
      [
        pbjs,
        '-t',
        'static-module',
        '-w',
        'commonjs',
        '--no-verify',
        '--no-convert',
        '-o',
        outFile,
        envelope,
      ],
      { stdio: 'pipe' },
    );
    const generated = require(outFile) as Record<string, StaticMessage>;
    const request = generated['NanoRPCRequest'];
    const response = generated['NanoRPCResponse'];
    return request && response ? { request, response } : undefined;
  } catch (error) {
    console.warn(`static codec not generated: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

function codecRows(
  label: string,
  encode: { ping: () => void; request: () => void; update: () => void },
  decode: { ping: () => void; request: () => void; update: () => void },
): BenchRow[] {
  return [
    { name: `encode ping (${label})`, value: opsPerSecond(encode.ping), unit: 'ops/s' },
    { name: `decode ping (${label})`, value: opsPerSecond(decode.ping), unit: 'ops/s' },
    { name: `encode 32 B request (${label})`, value: opsPerSecond(encode.request), unit: 'ops/s' },
    { name: `decode 32 B request (${label})`, value: opsPerSecond(decode.request), unit: 'ops/s' },
    { name: `encode 1 KiB update (${label})`, value: opsPerSecond(encode.update), unit: 'ops/s' },
    { name: `decode 1 KiB update (${label})`, value: opsPerSecond(decode.update), unit: 'ops/s' },
  ];
}

/** Encode and decode ops/s for the hand-written codec (in use) and pbjs static code. */
export function codecBenchmarks(): BenchRow[] {
  const pingFrame = encodeRequestFrame(ping);
  const requestFrame = encodeRequestFrame(request32);
  const updateFrame = encodeResponseFrame(update1k);
  const body = (frame: Uint8Array, prefix: number): Uint8Array => frame.subarray(prefix);
  const pingBody = body(pingFrame, 1);
  const requestBody = body(requestFrame, 1);
  const updateBody = body(updateFrame, 2);

  const rows = codecRows(
    'hand-written, in use',
    {
      ping: () => encodeRequestFrame(ping),
      request: () => encodeRequestFrame(request32),
      update: () => encodeResponseFrame(update1k),
    },
    {
      ping: () => decodeRequest(pingBody),
      request: () => decodeRequest(requestBody),
      update: () => decodeResponse(updateBody),
    },
  );
  const staticCodec = loadStaticCodec();
  if (staticCodec) {
    const { request, response } = staticCodec;
    rows.push(
      ...codecRows(
        'static',
        {
          ping: () => request.encodeDelimited({ requestId: 1, requestType: 1 }).finish(),
          request: () =>
            request
              .encodeDelimited({
                requestId: 42,
                requestType: 2,
                path: '/echo',
                data: request32.data,
              })
              .finish(),
          update: () =>
            response
              .encodeDelimited({
                requestId: 100,
                responseType: 3,
                responseStatus: 1,
                data: update1k.data,
              })
              .finish(),
        },
        {
          ping: () => request.decode(pingBody),
          request: () => request.decode(requestBody),
          update: () => response.decode(updateBody),
        },
      ),
    );
  }
  return rows;
}

/** A 1 MiB stream of mixed frames split into 16 KiB chunks: framing throughput in MB/s. */
export function framingBenchmark(): BenchRow {
  const frames = [
    encodeRequestFrame(ping),
    encodeRequestFrame(request32),
    encodeResponseFrame(update1k),
  ];
  const parts: Uint8Array[] = [];
  let size = 0;
  for (let i = 0; size < 1024 * 1024; i++) {
    const frame = frames[i % frames.length] as Uint8Array;
    parts.push(frame);
    size += frame.length;
  }
  const stream = new Uint8Array(Buffer.concat(parts));
  const chunkSize = 16 * 1024;
  let frameCount = 0;
  const decoder = new FrameDecoder(() => frameCount++);
  const passesPerSecond = opsPerSecond(() => {
    for (let offset = 0; offset < stream.length; offset += chunkSize) {
      decoder.push(stream.subarray(offset, offset + chunkSize));
    }
  }, 1000);
  return {
    name: 'frame splitting, 1 MiB mixed stream',
    value: (passesPerSecond * stream.length) / 1e6,
    unit: 'MB/s',
    detail: `${parts.length} frames per MiB, 16 KiB chunks`,
  };
}
