import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../src/cli/run-cli.js';
import type { RunReport } from '../../src/report/run-report.js';
import { memoryIo } from '../cli/memory-io.js';
import { REPO_ROOT } from '../support/scenario-on-target.js';

/*
 * The example CI files of docs/ci/ are parsed (yaml) and their nanorpc-hil commands run as
 * the CI system would, shard by shard, against the emulator instead of a board. The merged
 * report must count what one unsharded run counts.
 */

const LONG = 240_000;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nanorpc-ci-'));
  await symlink(path.join(REPO_ROOT, 'scenarios'), path.join(dir, 'scenarios'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The words of a command line (these files use no quoting), without `npx nanorpc-hil`. */
function argsOf(command: string): string[] {
  const words = command.trim().split(/\s+/);
  expect(words.slice(0, 2)).toEqual(['npx', 'nanorpc-hil']);
  return words.slice(2);
}

async function nanorpcHil(args: string[]): Promise<{ status: number; out: string }> {
  const io = memoryIo(dir);
  const status = await runCli(args, io);
  expect(io.stderr.text).toBe('');
  return { status, out: io.stdout.text };
}

function readReport(folder: string): RunReport {
  return JSON.parse(readFileSync(path.join(dir, folder, 'report.json'), 'utf8')) as RunReport;
}

let unsharded: RunReport['totals'];

describe('docs/ci examples, run against the emulator', () => {
  beforeAll(async () => {
    const { status } = await nanorpcHil(['run', 'scenarios', '--report', 'whole', '--no-progress']);
    expect(status).toBe(0);
    unsharded = readReport('whole/latest').totals;
  }, LONG);

  it(
    'GitHub Actions: three shards of the matrix, then merge-reports; same counts as one run',
    async () => {
      const workflow = parse(
        readFileSync(path.join(REPO_ROOT, 'docs/ci/github-actions.yml'), 'utf8'),
      ) as {
        jobs: Record<
          string,
          { needs?: string; strategy?: { matrix: { shard: number[] } }; steps: { run?: string }[] }
        >;
      };
      const hil = workflow.jobs['hil'];
      const merge = workflow.jobs['merge'];
      expect(merge?.needs).toBe('hil');
      const shards = hil?.strategy?.matrix.shard ?? [];
      expect(shards).toEqual([1, 2, 3]);
      const runCommand =
        hil?.steps.find((step) => step.run?.includes('nanorpc-hil run'))?.run ?? '';
      for (const shard of shards) {
        const command = runCommand
          .replaceAll('${{ matrix.shard }}', String(shard))
          .replaceAll('${{ vars.NANORPC_TARGET }}', 'emulator');
        expect(command).not.toContain('${{');
        const { status, out } = await nanorpcHil(argsOf(command));
        expect({ status, out: out.split('\n').filter((line) => line.startsWith('FAIL')) }).toEqual({
          status: 0,
          out: [],
        });
        // upload-artifact hil-shard-N from reports/shard-N, download-artifact into reports/
        await rename(
          path.join(dir, `reports/shard-${shard}`),
          path.join(dir, `reports/hil-shard-${shard}`),
        );
      }
      const mergeCommand =
        merge?.steps.find((step) => step.run?.includes('merge-reports'))?.run ?? '';
      const { status, out } = await nanorpcHil(argsOf(mergeCommand));
      expect(status).toBe(0);
      expect(out).toMatch(/^merged 3 report\(s\): /);
      const merged = readReport('reports/merged');
      expect(merged.totals).toEqual(unsharded);
      const keys = merged.scenarios.map((s) => `${s.file} ${s.name}`);
      expect(new Set(keys).size).toBe(keys.length);
      const shardSizes = [1, 2, 3].map(
        (n) => readReport(`reports/hil-shard-${n}/latest`).scenarios.length,
      );
      expect(Math.max(...shardSizes) - Math.min(...shardSizes)).toBeLessThanOrEqual(1);
      for (const file of ['junit.xml', 'report.html', 'trace.jsonl'])
        expect(readFileSync(path.join(dir, 'reports/merged', file), 'utf8').length).toBeGreaterThan(
          0,
        );
    },
    LONG,
  );

  it(
    'GitLab CI: parallel jobs with CI_NODE_INDEX/CI_NODE_TOTAL, then the report job',
    async () => {
      await rm(path.join(dir, 'reports'), { recursive: true, force: true });
      const pipeline = parse(
        readFileSync(path.join(REPO_ROOT, 'docs/ci/gitlab-ci.yml'), 'utf8'),
      ) as Record<string, { parallel?: number; needs?: string[]; script?: string[] }>;
      const total = pipeline['hil']?.parallel ?? 0;
      expect(total).toBe(3);
      const command =
        pipeline['hil']?.script?.find((line) => line.includes('nanorpc-hil run')) ?? '';
      for (let index = 1; index <= total; index++) {
        const line = command
          .replaceAll('$CI_NODE_INDEX', String(index))
          .replaceAll('$CI_NODE_TOTAL', String(total))
          .replaceAll('$NANORPC_TARGET', 'emulator');
        expect((await nanorpcHil(argsOf(line))).status).toBe(0);
      }
      expect(pipeline['hil-report']?.needs).toEqual(['hil']);
      const mergeLine =
        pipeline['hil-report']?.script?.find((line) => line.includes('merge-reports')) ?? '';
      expect((await nanorpcHil(argsOf(mergeLine))).status).toBe(0);
      expect(readReport('reports/merged').totals).toEqual(unsharded);
    },
    LONG,
  );

  it('merge-reports refuses reports of different suites or tool versions (exit 2)', async () => {
    const report = readReport('whole/latest');
    const write = async (name: string, changed: Partial<RunReport>) => {
      await cp(path.join(dir, 'whole/latest'), path.join(dir, name), {
        recursive: true,
        dereference: true,
      });
      await writeFile(
        path.join(dir, name, 'report.json'),
        JSON.stringify({ ...report, ...changed }),
      );
    };
    await write('other-suite', { suite: { id: 'ffffffffffffffff', scenarios: 3 } });
    await write('other-tool', { tool: { name: 'nanorpc-hil', version: '0.0.1-other' } });
    const suites = memoryIo(dir);
    expect(await runCli(['merge-reports', 'whole', 'other-suite', '--out', 'm1'], suites)).toBe(2);
    expect(suites.stderr.text).toMatch(
      /merge-reports: different suites: .*report\.json ran suite [0-9a-f]{16} \(\d+ scenarios\), other-suite\/report\.json ran ffffffffffffffff \(3 scenarios\)/,
    );
    const tools = memoryIo(dir);
    expect(await runCli(['merge-reports', 'whole', 'other-tool', '--out', 'm2'], tools)).toBe(2);
    expect(tools.stderr.text).toContain('by nanorpc-hil 0.0.1-other');
    const twice = memoryIo(dir);
    expect(await runCli(['merge-reports', 'whole', 'nowhere', '--out', 'm3'], twice)).toBe(2);
    expect(twice.stderr.text).toContain('nowhere: no report.json there');
  });
});
