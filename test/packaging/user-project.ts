import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

/*
 * A user's project made of the packed packages: an empty folder, `npm init`, `npm install` of
 * the tarballs (third-party dependencies from the npm cache or registry, as npm does), then
 * the installed commands run with `npx` from inside it.
 */

const exec = promisify(execFile);

export interface PackedPackage {
  name: string;
  /** The tarball's absolute path. */
  tarball: string;
  /** Every path the tarball holds, as `npm pack --json` lists them. */
  files: string[];
}

/** `npm pack` of every workspace into `destination`. */
export async function packWorkspaces(
  repo: string,
  workspaces: readonly string[],
  destination: string,
): Promise<PackedPackage[]> {
  const args = ['pack', '--json', '--pack-destination', destination];
  for (const workspace of workspaces) args.push('--workspace', workspace);
  const { stdout } = await exec('npm', args, { cwd: repo, maxBuffer: 16 * 1024 * 1024 });
  const packed = JSON.parse(stdout) as {
    name: string;
    filename: string;
    files: { path: string }[];
  }[];
  return packed.map((entry) => ({
    name: entry.name,
    tarball: path.join(destination, entry.filename),
    files: entry.files.map((file) => file.path),
  }));
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A folder holding a package.json and the installed tarballs. */
export class UserProject {
  constructor(readonly dir: string) {}

  static async create(dir: string, tarballs: readonly string[]): Promise<UserProject> {
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'firmware-team-project', private: true, type: 'module' }, null, 2),
    );
    await exec('npm', ['install', '--no-audit', '--no-fund', '--save-dev', ...tarballs], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
    return new UserProject(dir);
  }

  async write(file: string, text: string): Promise<void> {
    const target = path.join(this.dir, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  }

  /** The path of an installed command in node_modules/.bin. */
  bin(command: string): string {
    return path.join(this.dir, 'node_modules', '.bin', command);
  }

  /** `npx <command> <args>` inside the project; never throws on a non-zero exit. */
  async npx(command: string, args: readonly string[]): Promise<CommandResult> {
    try {
      const { stdout, stderr } = await exec('npx', ['--no-install', command, ...args], {
        cwd: this.dir,
        maxBuffer: 16 * 1024 * 1024,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return {
        code: typeof failed.code === 'number' ? failed.code : -1,
        stdout: failed.stdout ?? '',
        stderr: failed.stderr ?? '',
      };
    }
  }

  /**
   * Starts a long-running program in the project and waits for its first stdout line that
   * matches `ready`; returns the process and the matched groups.
   */
  async start(
    command: string,
    args: readonly string[],
    ready: RegExp,
    timeoutMs = 30_000,
  ): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
    const child = spawn(command, args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGTERM');
        reject(new Error(`${command} printed no ready line in ${timeoutMs} ms: ${stderr}`));
      }, timeoutMs);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${command} exited (code ${code}) before it was ready: ${stderr}`));
      });
      lines.on('line', (line) => {
        const match = ready.exec(line);
        if (match === null) return;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ child, match });
      });
    });
  }
}

/** Ends a started program and waits for it to exit. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}
