import { decodeRequest, decodeResponse } from '@nanorpc-sim/core';
import type { TraceRecord } from './run-report.js';
import { bodyOfFrame, describeRequest, describeResponse } from './trace-record.js';

/*
 * The one-line name of a traced frame, as the sequence chart and the frame tables show it:
 * `REQUEST #3 /calc/multiply`, `RESPONSE #3 STATUS_OK`, `UPDATE #5`, `RAW 7 B`.
 */

function field(decoded: Record<string, unknown>, name: string): unknown {
  return decoded[name];
}

function shortType(name: unknown): string {
  return typeof name === 'string' ? name.replace(/^TYPE_/, '') : String(name);
}

function pathOf(decoded: Record<string, unknown>): string {
  const path = field(decoded, 'path');
  if (typeof path === 'string') return path;
  const hash = field(decoded, 'pathHash');
  if (typeof hash === 'number') return `hash 0x${(hash >>> 0).toString(16).padStart(8, '0')}`;
  return '';
}

/** Bytes of the record, from its hex. */
export function recordByteLength(record: TraceRecord): number {
  return Math.floor(record.hex.length / 2);
}

/** Data bytes of a decoded envelope, from its hex. */
function dataLength(decoded: Record<string, unknown>): number {
  const data = field(decoded, 'data');
  return typeof data === 'string' ? Math.floor(data.length / 2) : 0;
}

/**
 * Raw bytes are not decoded in the trace (they are malformed on purpose, or meant to be read as
 * written), but many are one well-formed frame built by hand: the label says what it reads as.
 */
function rawReading(record: TraceRecord): string | undefined {
  try {
    const body = bodyOfFrame(Buffer.from(record.hex, 'hex'));
    const isRequest = (record.role === 'client') === (record.direction === 'tx');
    const decoded = isRequest
      ? describeRequest(decodeRequest(body))
      : describeResponse(decodeResponse(body));
    return frameLabel({ ...record, kind: 'frame', decoded });
  } catch {
    return undefined;
  }
}

export function frameLabel(record: TraceRecord): string {
  if (record.kind === 'raw') {
    const reading = rawReading(record);
    const raw = `RAW ${recordByteLength(record)} B`;
    return reading === undefined ? raw : `${raw} = ${reading}`;
  }
  if (record.kind === 'error') return record.note ? `FRAME ERROR: ${record.note}` : 'FRAME ERROR';
  const decoded = record.decoded;
  if (decoded === undefined) return `UNDECODABLE ${recordByteLength(record)} B`;
  const id = `#${String(field(decoded, 'requestId'))}`;
  if ('requestType' in decoded) {
    const type = shortType(field(decoded, 'requestType'));
    const path = pathOf(decoded);
    return [type, id, path].filter((part) => part !== '').join(' ');
  }
  const type = shortType(field(decoded, 'responseType'));
  const status = String(field(decoded, 'responseStatus'));
  // Pongs and updates are OK by definition; show their status only when it is not.
  const showStatus = type === 'RESPONSE' || status !== 'STATUS_OK';
  return showStatus ? `${type} ${id} ${status}` : `${type} ${id}`;
}

/** A longer description for tooltips and frame tables: the label, sizes and any note. */
export function frameDetail(record: TraceRecord): string {
  const parts = [frameLabel(record), `${recordByteLength(record)} B on the wire`];
  if (record.decoded !== undefined) {
    parts.push(`data ${dataLength(record.decoded)} B`);
    const message = field(record.decoded, 'responseMessage');
    if (typeof message === 'string' && message !== '') parts.push(`message "${message}"`);
  }
  if (record.note !== undefined && record.kind !== 'error') parts.push(record.note);
  return parts.join(' · ');
}
