export * from './codec.js';
export * from './fnv1a.js';
export * from './frame-decoder.js';
export * from './frame-errors.js';
export * from './hash-cache.js';
export * from './messages.js';
export * from './proto-loader.js';
export * from './varint.js';
