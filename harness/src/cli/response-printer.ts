import {
  type JsonObject,
  responseTypeName,
  statusName,
  type NanoRpcResponse,
} from '@nanorpc-sim/core';
import { bytesToHex } from '../runtime/hex-bytes.js';
import type { CliOutput } from './cli-io.js';

const printable = /^[\t\n\r\u0020-\u007e\u00a0-\uffff]*$/;

/** Prints a response the way call and ping show it: type, status, message, data. */
export function printResponse(
  out: CliOutput,
  response: NanoRpcResponse,
  details: { json?: JsonObject | undefined; latencyMs?: number | undefined; id?: boolean } = {},
): void {
  const lines = [
    `type:    ${responseTypeName(response.responseType)}`,
    `status:  ${statusName(response.responseStatus)}`,
  ];
  if (details.id === true) lines.push(`id:      ${response.requestId}`);
  if (response.responseMessage !== '') lines.push(`message: ${response.responseMessage}`);
  if (details.json !== undefined) {
    const json = JSON.stringify(details.json, null, 2).split('\n');
    lines.push(`data:    ${json[0] ?? ''}`, ...json.slice(1).map((line) => `         ${line}`));
  } else {
    lines.push(`data:    ${response.data.length === 0 ? '(empty)' : bytesToHex(response.data)}`);
    const text = Buffer.from(response.data).toString('utf8');
    if (response.data.length > 0 && printable.test(text) && !text.includes('\ufffd')) {
      lines.push(`utf8:    ${JSON.stringify(text)}`);
    }
  }
  if (details.latencyMs !== undefined) lines.push(`time:    ${details.latencyMs.toFixed(2)} ms`);
  out.write(`${lines.join('\n')}\n`);
}
