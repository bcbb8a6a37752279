export * from './transport.js';
export * from './transport-errors.js';
export {
  EndpointError,
  SERIAL_DEFAULTS,
  formatEndpoint,
  parseEndpoint,
  resetLinesOf,
  toEndpoint,
  type Endpoint,
  type SerialDataBits,
  type SerialEndpoint,
  type SerialParity,
  type SerialResetLines,
  type SerialStopBits,
  type TcpEndpoint,
  type UnixEndpoint,
} from './endpoint.js';
export { DEFAULT_CONNECT_TIMEOUT_MS, connectTransport, type ConnectOptions } from './connect.js';
export { listenTransport, type ListenOptions } from './listen.js';
export { SocketTransport, type SocketTransportOptions } from './socket-transport.js';
export {
  SerialTransport,
  openSerialTransport,
  type SerialOpenOptions,
} from './serial-transport.js';
export {
  DEFAULT_RESYNC_IDLE_MS,
  FramedLink,
  type FramedLinkEvents,
  type FramedLinkOptions,
} from './framed-link.js';
export { traceTime, type FrameTrace, type TraceEvent } from './frame-trace.js';
export { MemoryFrameTrace } from './memory-frame-trace.js';
export { HEX_PREVIEW_BYTES, hexPreview } from './hex-preview.js';
export { pollSafeBinding } from './poll-safe-binding.js';
export { PtyPair, PtyPairError, type PtyPairOptions } from './pty-pair.js';
