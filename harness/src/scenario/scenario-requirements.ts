import { z } from 'zod';

/*
 * What a scenario needs from the device (`requires:`). A scenario whose requirement the device
 * does not meet is reported as skipped with the reason, never failed: a 256-byte firmware is
 * not wrong for refusing an 8 KiB frame.
 */

export const TRANSPORT_CLASSES = ['stream', 'serial'] as const;
export type TransportClass = (typeof TRANSPORT_CLASSES)[number];

export const Requirements = z
  .strictObject({
    maxFrameSize: z
      .number()
      .int()
      .min(1)
      .describe("the device's max frame size (SysInfo.max_frame_size) must be at least this")
      .optional(),
    subscriptions: z
      .number()
      .int()
      .min(1)
      .describe('the device must hold at least this many subscriptions at once')
      .optional(),
    paths: z
      .array(z.string().regex(/^\//, 'a path starts with /'))
      .describe('paths the device must serve (a device answering NOT_FOUND lacks one)')
      .optional(),
    transport: z
      .enum(TRANSPORT_CLASSES)
      .describe('stream (tcp, unix: a link that can close) or serial (a line that resyncs)')
      .optional(),
    targets: z
      .array(z.string())
      .describe('target names or endpoint kinds (tcp, unix, serial) this scenario runs on')
      .optional(),
  })
  .describe('what the device must have; a scenario whose device lacks it is skipped');

export type RequirementsInput = z.infer<typeof Requirements>;

/** The requirements of a plan (`targets:` at the top level is an alias of requires.targets). */
export interface ScenarioRequirements {
  maxFrameSize?: number | undefined;
  subscriptions?: number | undefined;
  paths?: string[] | undefined;
  transport?: TransportClass | undefined;
  targets?: string[] | undefined;
}
