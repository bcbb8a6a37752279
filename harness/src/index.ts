export * from './errors.js';
export * from './protocol/index.js';
export * from './transport/index.js';
export * from './client/index.js';
export * from './server/index.js';
export * from './report/index.js';
export * from './scenario/index.js';
export * from './cli/index.js';
