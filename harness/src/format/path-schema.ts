import { z } from 'zod';

export const PathHash = z
  .union([
    z.number().int().nonnegative().max(0xffffffff),
    z
      .string()
      .regex(/^(?:0x[0-9a-fA-F]{1,8}|\$\{[A-Za-z_][A-Za-z0-9_.]*\})$/, 'expected 0x1234abcd'),
  ])
  .describe('a path hash (FNV-1a 32): a number or "0x1234abcd"');

/** How a step names a path: the text, or its hash; `hashPath` sends the text as its hash. */
export const PathFields = {
  path: z.string().describe('the path, e.g. /sys/info').optional(),
  hash: PathHash.optional(),
  hashPath: z.boolean().describe('send `path` as its FNV-1a hash').optional(),
};
