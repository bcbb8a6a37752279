import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeBasics } from './basic-suite.js';

describeBasics('a UNIX socket', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nanorpc-cs-'));
  const endpoint = `unix://${path.join(dir, 'server.sock')}`;
  return {
    listen: endpoint,
    connectTo: () => endpoint,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
