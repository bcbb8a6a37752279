import type { StepExecutors } from '../step-context.js';
import {
  connect,
  disconnect,
  expectDisconnect,
  expectReconnect,
  expectRecovery,
} from './connection-steps.js';
import { expectResponse, ping, request } from './exchange-steps.js';
import { repeat, set, wait } from './flow-steps.js';
import { expectFrame, expectSilence, sendRaw } from './raw-steps.js';
import { reboot } from './reboot-step.js';
import {
  dropConnection,
  expectConnection,
  expectExit,
  expectRequest,
  publish,
  serve,
} from './server-steps.js';
import { expectNoUpdates, expectUpdates, subscribe, unsubscribe } from './subscription-steps.js';

/** Every step kind and the function that runs it. */
export const STEP_EXECUTORS: StepExecutors = {
  connect,
  disconnect,
  ping,
  request,
  'expect-response': expectResponse,
  subscribe,
  'expect-updates': expectUpdates,
  'expect-no-updates': expectNoUpdates,
  unsubscribe,
  'send-raw': sendRaw,
  'expect-frame': expectFrame,
  'expect-silence': expectSilence,
  'expect-disconnect': expectDisconnect,
  'expect-reconnect': expectReconnect,
  'expect-recovery': expectRecovery,
  reboot,
  'expect-connection': expectConnection,
  serve,
  'expect-request': expectRequest,
  publish,
  'drop-connection': dropConnection,
  'expect-exit': expectExit,
  wait,
  set,
  repeat,
};
