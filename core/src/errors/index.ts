export * from './nanorpc-error.js';
export * from './invalid-options-error.js';
