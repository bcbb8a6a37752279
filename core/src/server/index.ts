export * from './handler-registry.js';
export * from './request-context.js';
export * from './server-options.js';
export * from './server.js';
export * from './session.js';
export * from './topic.js';
export * from './update-frame.js';
