export * from './report/index.js';
export * from './scenario/index.js';
export * from './cli/index.js';
