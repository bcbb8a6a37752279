import { runShellCommand } from '../targets/shell-command.js';
import type { TargetProvider } from '../targets/target-provider.js';
import type { BoardEntry } from './targets-file.js';

/**
 * A targets-file board around its provider: `flash` runs before the target starts (a failure
 * stops this board only), `reset` becomes the target's own reset (reboot steps).
 */
export function boardProvider(provider: TargetProvider, board: BoardEntry): TargetProvider {
  if (board.flash === undefined && board.reset === undefined) return provider;
  const { flash, reset } = board;
  return {
    ...provider,
    start: async (options) => {
      if (flash !== undefined) {
        options.log(`${board.name}: flashing: ${flash}`);
        const code = await runShellCommand(flash, options);
        if (code !== 0) throw new Error(`flash command exited with status ${code}: ${flash}`);
      }
      const running = await provider.start(options);
      if (reset === undefined) return running;
      return {
        name: running.name,
        endpoint: running.endpoint,
        transportKind: running.transportKind,
        reset: async () => {
          const code = await runShellCommand(reset, options);
          if (code !== 0) throw new Error(`reset command exited with status ${code}: ${reset}`);
        },
        stop: () => running.stop(),
      };
    },
  };
}
