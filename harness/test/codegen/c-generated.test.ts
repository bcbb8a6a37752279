import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  FrameDecoder,
  RequestType,
  Status,
  decodeResponse,
  encodeRequestFrame,
  fnv1a32,
  type NanoRpcResponse,
} from '@nanorpc-sim/core';
import { FIXTURES, REPO_ROOT, runGen, tempDir } from './run-gen.js';

const FIRMWARE = path.join(REPO_ROOT, 'firmware');
const NANOPB = path.join(FIRMWARE, 'third_party', 'nanopb-0.4.7');
const LIBRARY_SOURCES = [
  'fnv1a.c',
  'frame_parser.c',
  'request_decoder.c',
  'response_encoder.c',
  'subscription_pool.c',
  'device.c',
].map((name) => path.join(FIRMWARE, 'nanorpc', 'src', name));
const NANOPB_SOURCES = ['pb_common.c', 'pb_decode.c', 'pb_encode.c'].map((name) =>
  path.join(NANOPB, name),
);
const STRICT = [
  '-std=c11',
  '-Wall',
  '-Wextra',
  '-Wpedantic',
  '-Wshadow',
  '-Wstrict-prototypes',
  '-Wmissing-prototypes',
  '-Werror',
];

/** greenhouse.proto's paths: macro, path, handler function, topic or not. */
const PATHS = [
  ['GREENHOUSE_PATH_CLIMATE', '/climate', 'greenhouse_get_climate', false],
  ['GREENHOUSE_PATH_VENT_SET_NOW', '/vent/set?now', 'greenhouse_set_vent', false],
  ['GREENHOUSE_PATH_SENSORS_HUMIDITY', '/sensors/humidity', 'greenhouse_humidity_subscribe', true],
  ['GREENHOUSE_PATH_MAINTENANCE_RESTART', '/maintenance/restart', 'greenhouse_restart', false],
  [
    'GREENHOUSE_PATH_MAINTENANCE_TALONNAGE',
    '/maintenance/étalonnage',
    'greenhouse_calibrate',
    false,
  ],
] as const;

/** A C initializer of the bytes (the UTF-8 bytes of a string). */
const cBytes = (bytes: string | Uint8Array): string =>
  `{${[...(typeof bytes === 'string' ? Buffer.from(bytes) : bytes)].join(', ')}}`;

/**
 * The application side: defines every declared handler (each answers its own name), checks the
 * generated macros against the path bytes written here (not the generated literals) and
 * against the library's fnv1a at run time, then serves `frames` (request frames from the
 * harness's own encoder) through the generated table and prints what the device wrote, in hex.
 */
function mainSource(frames: Uint8Array): string {
  const handlers = PATHS.map(
    ([, , fn], index) => `nanorpc_status_t ${fn}(nanorpc_call_t *call)
{
    static const char name[] = "${fn}";
    calls[${index}]++;
    memcpy(call->answer, name, sizeof name - 1);
    call->answer_length = sizeof name - 1;
    return NANORPC_STATUS_OK;
}`,
  );
  const checks = PATHS.map(
    ([macro, text]) => `    {
        static const uint8_t bytes[] = ${cBytes(text)};
        CHECK(sizeof(${macro}) - 1 == sizeof bytes);
        CHECK(memcmp(${macro}, bytes, sizeof bytes) == 0);
        CHECK(nanorpc_fnv1a(${macro}) == ${macro}_HASH);
        CHECK(nanorpc_fnv1a_update(NANORPC_FNV1A_OFFSET_BASIS, bytes, sizeof bytes) == ${macro}_HASH);
    }`,
  );
  return `#include <stdio.h>
#include <string.h>

#include <nanorpc/fnv1a.h>

#include "greenhouse_handlers.h"

static unsigned calls[${PATHS.length}];
static unsigned failures;
static unsigned checks;
#define CHECK(condition) \\
    do { \\
        checks++; \\
        if (!(condition)) { \\
            failures++; \\
            printf("FAIL line %d: %s\\n", __LINE__, #condition); \\
        } \\
    } while (0)

${handlers.join('\n\n')}

static const uint8_t input[] = ${cBytes(frames)};
static size_t input_at;
static uint8_t output[4096];
static size_t output_length;

static int32_t port_read(void *ctx, uint8_t *buffer, size_t capacity)
{
    size_t n = sizeof input - input_at;
    (void)ctx;
    if (n > capacity) n = capacity;
    memcpy(buffer, input + input_at, n);
    input_at += n;
    return (int32_t)n;
}

static bool port_write(void *ctx, const uint8_t *bytes, size_t length)
{
    (void)ctx;
    if (output_length + length > sizeof output) return false;
    memcpy(output + output_length, bytes, length);
    output_length += length;
    return true;
}

static uint32_t port_millis(void *ctx)
{
    (void)ctx;
    return 0;
}

int main(void)
{
    static nanorpc_device_t device;
    const nanorpc_port_t port = {NANORPC_LINK_STREAM, NULL, port_read, port_write, port_millis,
                                 NULL, NULL};
${checks.join('\n')}
    CHECK(GREENHOUSE_PATH_COUNT == ${PATHS.length});
    CHECK(sizeof greenhouse_handlers / sizeof greenhouse_handlers[0] == GREENHOUSE_PATH_COUNT);
    CHECK(nanorpc_device_init(&device, greenhouse_handlers, GREENHOUSE_PATH_COUNT, NULL));
    CHECK(nanorpc_device_open(&device, &port) != NULL);
    for (int i = 0; i < 16; i++) nanorpc_device_poll(&device);
    for (size_t i = 0; i < ${PATHS.length}; i++) CHECK(calls[i] == 1);
    CHECK(nanorpc_device_subscription_count(&device) == 1);
    printf("output ");
    for (size_t i = 0; i < output_length; i++) printf("%02x", output[i]);
    printf("\\n%u checks, %u failed\\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
`;
}

/** One request per path by hash (the subscribe for the topic), the non-ASCII one by string. */
function requestFrames(): Uint8Array {
  const frames = PATHS.map(([, text, , topic], index) => {
    const byString = /[^\x20-\x7e]/.test(text);
    return encodeRequestFrame({
      requestId: index + 1,
      requestType: topic ? RequestType.Subscribe : RequestType.Request,
      ...(byString ? { path: text } : { pathHash: fnv1a32(text) }),
      data: new Uint8Array(0),
    });
  });
  return Buffer.concat(frames);
}

function responses(hex: string): NanoRpcResponse[] {
  const answers: NanoRpcResponse[] = [];
  new FrameDecoder((body) => answers.push(decodeResponse(body))).push(Buffer.from(hex, 'hex'));
  return answers;
}

describe('nanorpc-hil gen c', () => {
  let out: string;
  beforeAll(async () => {
    out = await tempDir('c');
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('writes C that gcc compiles and the library dispatches through (greenhouse.proto)', async () => {
    const proto = path.join(FIXTURES, 'greenhouse.proto');
    const gen = await runGen(['c', proto, '--out', out]);
    expect(gen.stderr).toBe('');
    expect(gen.status).toBe(0);
    expect(gen.stdout).toMatch(/greenhouse_paths\.h: 5 path hashes and strings\n/);
    const paths = readFileSync(path.join(out, 'greenhouse_paths.h'), 'utf8');
    // '?' and the non-ASCII letter are octal escapes; the rpc of each path is named.
    expect(paths).toContain('#define GREENHOUSE_PATH_VENT_SET_NOW "/vent/set\\077now"\n');
    expect(paths).toContain('"/maintenance/\\303\\251talonnage"');
    expect(paths).toContain(
      '/* rpc SubscribeHumidity(HumidityFilter) returns (stream Humidity) */',
    );
    const table = readFileSync(path.join(out, 'greenhouse_handlers.c'), 'utf8');
    expect(table).toContain(
      '{GREENHOUSE_PATH_SENSORS_HUMIDITY_HASH, NULL, greenhouse_humidity_subscribe},',
    );

    await writeFile(path.join(out, 'main.c'), mainSource(requestFrames()));
    const includes = ['-I', out, '-I', path.join(FIRMWARE, 'nanorpc', 'include')];
    const defines = ['-DPB_BUFFER_ONLY', '-DPB_NO_ERRMSG'];
    // The generated file and the application build with every warning as an error.
    for (const name of ['main', 'greenhouse_handlers']) {
      execFileSync('gcc', [
        ...STRICT,
        ...includes,
        ...defines,
        '-c',
        '-o',
        path.join(out, `${name}.o`),
        path.join(out, `${name}.c`),
      ]);
    }
    const program = path.join(out, 'greenhouse-test');
    execFileSync('gcc', [
      '-std=c11',
      ...includes,
      '-I',
      path.join(FIRMWARE, 'nanorpc', 'src'),
      '-I',
      NANOPB,
      ...defines,
      '-o',
      program,
      path.join(out, 'main.o'),
      path.join(out, 'greenhouse_handlers.o'),
      ...LIBRARY_SOURCES,
      ...NANOPB_SOURCES,
    ]);
    // The program's own output in the failure message tells which CHECK failed.
    const run = spawnSync(program, { encoding: 'utf8' }).stdout;
    expect(run).toMatch(/\n\d+ checks, 0 failed\n$/);

    // Each request reached the function its row names: the answer is that function's name.
    const answers = responses(/^output ([0-9a-f]*)$/m.exec(run)?.[1] ?? '');
    expect(answers).toHaveLength(PATHS.length);
    PATHS.forEach(([, , fn, topic], index) => {
      const answer = answers.find((response) => response.requestId === index + 1);
      expect(answer?.responseStatus).toBe(Status.Ok);
      if (!topic) expect(Buffer.from(answer?.data ?? []).toString()).toBe(fn);
    });
  });

  it('leaves the strings out with --no-path-strings, the table out with --no-handlers', async () => {
    const proto = path.join(FIXTURES, 'greenhouse.proto');
    const dir = path.join(out, 'hashes-only');
    const gen = await runGen(['c', proto, '--out', dir, '--no-path-strings', '--no-handlers']);
    expect(gen.status).toBe(0);
    const paths = readFileSync(path.join(dir, 'greenhouse_paths.h'), 'utf8');
    expect(paths).not.toContain('"/climate"');
    expect(paths).toContain(
      `#define GREENHOUSE_PATH_CLIMATE_HASH 0x${fnv1a32('/climate').toString(16).padStart(8, '0')}u`,
    );
    expect(gen.stdout).not.toContain('handlers');
  });
});
