import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliOutcome, runCli } from '../../../src/sandbox/cliMain';

let dir: string;
let out: string[];
let err: string[];
const running: CliOutcome[] = [];

const io = {
  out: (line: string): void => void out.push(line),
  err: (line: string): void => void err.push(line),
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-cli-'));
  out = [];
  err = [];
});

afterEach(async () => {
  for (const outcome of running.splice(0)) if ('sandbox' in outcome) await outcome.sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<CliOutcome> {
  const outcome = await runCli(argv, io);
  running.push(outcome);
  return outcome;
}

describe('sandbox CLI', () => {
  it('prints exactly one line naming endpoint, scenario and state file', async () => {
    const stateFile = join(dir, 'lab.json');
    const outcome = await run(['--port', '0', '--state', stateFile]);
    expect('sandbox' in outcome).toBe(true);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      new RegExp(
        `^Trellis sandbox listening on http://127\\.0\\.0\\.1:\\d+ \\(scenario training-lab, state ${stateFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`,
      ),
    );
    expect(err).toEqual([]);
  });

  it('says in-memory without --state', async () => {
    await run(['--scenario', 'empty']);
    expect(out[0]).toMatch(/\(scenario empty, state in-memory\)$/);
  });

  it('exits 2 naming a bad port or scenario', async () => {
    expect(await run(['--port', 'http'])).toEqual({ exitCode: 2 });
    expect(err[0]).toBe("trellis-sandbox: --port must be an integer from 0 to 65535, got 'http'.");
    err = [];
    expect(await run(['--scenario', 'production'])).toEqual({ exitCode: 2 });
    expect(err[0]).toContain("got 'production'");
    expect(out).toEqual([]);
  });

  it('refuses a malformed state file without touching it, and mentions --reset', async () => {
    const stateFile = join(dir, 'broken.json');
    await writeFile(stateFile, 'not json at all');
    expect(await run(['--state', stateFile])).toEqual({ exitCode: 2 });
    expect(err.join('\n')).toContain(stateFile);
    expect(err.join('\n')).toContain('--reset');
    expect(await readFile(stateFile, 'utf8')).toBe('not json at all');
  });

  it('exits 2 when the state file cannot be read', async () => {
    expect(await run(['--state', dir])).toEqual({ exitCode: 2 });
    expect(err[0]).toContain(`Cannot read state file ${dir}`);
  });

  it('--reset replaces a broken state file with a fresh scenario', async () => {
    const stateFile = join(dir, 'broken.json');
    await writeFile(stateFile, 'not json at all');
    const outcome = await run(['--state', stateFile, '--reset', '--scenario', 'empty']);
    expect('sandbox' in outcome).toBe(true);
    expect(JSON.parse(await readFile(stateFile, 'utf8'))).toMatchObject({ version: 2, scenario: 'empty' });
    expect(out[0]).toContain('(scenario empty, state');
  });

  it('points out when the state file holds a different scenario than --scenario asked for', async () => {
    const stateFile = join(dir, 'lab.json');
    const first = await run(['--state', stateFile]);
    if ('sandbox' in first) await first.sandbox.close();
    out = [];
    await run(['--state', stateFile, '--scenario', 'empty']);
    expect(out[0]).toContain('(scenario training-lab,');
    expect(err[0]).toContain('holds the training-lab scenario');
  });
});
