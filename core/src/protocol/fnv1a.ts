const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const utf8 = new TextEncoder();

/** FNV-1a, 32 bit, over the UTF-8 bytes of a path: XOR the byte first, then multiply. */
export function fnv1a32(input: string | Uint8Array): number {
  const bytes = typeof input === 'string' ? utf8.encode(input) : input;
  let hash = FNV_OFFSET_BASIS;
  for (const byte of bytes) {
    hash ^= byte;
    // Math.imul keeps the product in 32 bits, which is the mod 2^32 of the definition.
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/** Formats a path hash the way the command line prints it: 0x%08x. */
export function formatHash(hash: number): string {
  return `0x${(hash >>> 0).toString(16).padStart(8, '0')}`;
}
