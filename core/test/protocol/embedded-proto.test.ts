import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NANORPC_PROTO_SOURCE } from '../../src/protocol/nanorpc-proto-source.js';
import { REPO_PROTO_DIR } from '../support/repo-paths.js';

describe('the wire schema built into the package', () => {
  it('is proto/nanorpc.proto as it is now (npm run embed-protos rewrites it)', () => {
    const onDisk = readFileSync(path.join(REPO_PROTO_DIR, 'nanorpc.proto'), 'utf8');
    expect(NANORPC_PROTO_SOURCE).toBe(onDisk);
  });
});
