import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseEndpoint } from '@nanorpc-sim/core';
import type { RunningTarget, TargetProvider, TargetStartOptions } from '../scenario/index.js';
import { goReferenceBinary } from './go-reference-paths.js';

const READY = /listening (\S+)/;
const START_LIMIT_MS = 10_000;

/**
 * The Go reference server adapter as a target: started on a free loopback port, its address
 * read from its "listening" line, stopped by SIGTERM. Its reset is /sys/reboot (no own means).
 */
export const goReferenceServer: TargetProvider = {
  name: 'go-reference',
  description: 'the Go reference server adapter (interop/go-reference/bin/nanorpc-ref-server)',
  acceptsFaults: false,
  settings: {},
  start: async (options: TargetStartOptions): Promise<RunningTarget> => {
    const binary = goReferenceBinary('nanorpc-ref-server');
    const child = spawn(binary, ['--listen', 'tcp://127.0.0.1:0'], {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const endpoint = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${binary} did not say "listening" within ${START_LIMIT_MS} ms`));
      }, START_LIMIT_MS);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${binary} exited with status ${code} before listening`));
      });
      createInterface({ input: child.stdout }).on('line', (line) => {
        options.log(`go-reference: ${line}`);
        const match = READY.exec(line);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      createInterface({ input: child.stderr }).on('line', (line) =>
        options.log(`go-reference: ${line}`),
      );
    });
    child.removeAllListeners('exit');
    let stopped: Promise<void> | undefined;
    return {
      name: 'go-reference',
      endpoint,
      transportKind: parseEndpoint(endpoint).kind,
      stop: () => {
        stopped ??= new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        });
        return stopped;
      },
    };
  },
};
