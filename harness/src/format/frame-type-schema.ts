import { z } from 'zod';

export const RequestTypeName = z
  .enum(['UNSPECIFIED', 'PING', 'REQUEST', 'SUBSCRIBE'])
  .describe('NanoRPCRequest.Type without the TYPE_ prefix');

export const ResponseTypeName = z
  .enum(['UNSPECIFIED', 'PONG', 'RESPONSE', 'UPDATE'])
  .describe('NanoRPCResponse.Type without the TYPE_ prefix');

/** A request id as written: a number, or text holding a ${variable}. */
export const RequestIdValue = z.union([z.number().int(), z.string()]);
