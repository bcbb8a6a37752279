import { describeBasics } from './basic-suite.js';

describeBasics('TCP', async () => ({
  listen: 'tcp://127.0.0.1:0',
  connectTo: (address) => address,
  cleanup: async () => undefined,
}));

describeBasics(
  'TCP with alwaysHashPaths',
  async () => ({
    listen: 'tcp://127.0.0.1:0',
    connectTo: (address) => address,
    cleanup: async () => undefined,
  }),
  { alwaysHashPaths: true },
);
