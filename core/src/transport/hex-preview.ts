export const HEX_PREVIEW_BYTES = 32;

/** "0a 1f ff …" for the first `limit` bytes: enough to recognise bad input in a log line. */
export function hexPreview(bytes: Uint8Array, limit = HEX_PREVIEW_BYTES): string {
  const shown = Array.from(bytes.subarray(0, limit), (byte) => byte.toString(16).padStart(2, '0'));
  return bytes.length > limit ? `${shown.join(' ')} …` : shown.join(' ');
}
