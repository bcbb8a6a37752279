import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_PROTO_DIR } from '../../core/test/support/repo-paths.js';
import { DEMO_DEVICE_PROTO_SOURCE } from '../src/demo-device-proto-source.js';

describe('the demo schema built into the package', () => {
  it('is proto/demo_device.proto as it is now (npm run embed-protos rewrites it)', () => {
    const onDisk = readFileSync(path.join(REPO_PROTO_DIR, 'demo_device.proto'), 'utf8');
    expect(DEMO_DEVICE_PROTO_SOURCE).toBe(onDisk);
  });
});
