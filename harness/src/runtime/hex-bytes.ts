import { StepFailure } from './step-failure.js';

/** Hex text as written in scenario files ("0a 1b:ff-00") to bytes. */
export function hexToBytes(text: string, where = 'hex'): Uint8Array {
  const digits = text.replace(/[\s:-]/g, '');
  if (!/^[0-9a-fA-F]*$/.test(digits) || digits.length % 2 !== 0) {
    throw new StepFailure(`${where}: "${text}" is not an even number of hex digits`);
  }
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
