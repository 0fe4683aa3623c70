import { appendFile, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildScenario } from '../../../src/sandbox/scenarios';
import { changeLogHeader, parseChangeLog, snapshotHash } from '../../../src/sandbox/state/changeLog';
import type { RoleState, StateDocument } from '../../../src/sandbox/state/document';
import { snapshotText } from '../../../src/sandbox/state/snapshotFile';
import { readStateFile, SandboxStateError, StateStore } from '../../../src/sandbox/state/store';

const NOW = new Date('2025-03-01T12:00:00Z');
const now = (): Date => NOW;

let dir: string;
let file: string;
let log: string;
let messages: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trellis-store-'));
  file = join(dir, 'state.json');
  log = `${file}.log`;
  messages = [];
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function open(extra: { compactLogAtBytes?: number } = {}): Promise<StateStore> {
  return StateStore.open({ file, scenario: 'empty', now, log: (m) => void messages.push(m), ...extra });
}

function role(name: string): RoleState {
  return {
    name,
    id: `AROA${name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .padEnd(17, 'X')}`,
    path: '/',
    createDate: '2025-01-01T00:00:00Z',
    assumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
    maxSessionDuration: 3600,
    tags: [],
    attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    inlinePolicies: [],
  };
}

async function addRole(store: StateStore, name: string): Promise<void> {
  store.mutate((draft) => void draft.iam.roles.push(role(name)));
  await store.flush();
}

const roleNames = (doc: StateDocument | undefined): string[] => doc?.iam.roles.map((r) => r.name) ?? [];
const logLines = async (): Promise<string[]> => (await readFile(log, 'utf8')).split('\n').filter(Boolean);

describe('the change log', () => {
  it('parses its header and one change a line, and flags a last line a crash cut short', () => {
    const text = `${changeLogHeader('a'.repeat(64))}[{"op":"add","path":["x"],"value":1}]\n[{"op":"remove","pa`;
    expect(parseChangeLog(text, 'l.log')).toEqual({
      snapshot: 'a'.repeat(64),
      changes: [[{ op: 'add', path: ['x'], value: 1 }]],
      tornTail: true,
    });
  });

  it('names the file and line of anything else that does not parse', () => {
    const header = changeLogHeader('b'.repeat(64));
    expect(() => parseChangeLog(`${header}{oops\n[]\n`, '/x/s.json.log')).toThrow(
      /State change log \/x\/s\.json\.log is corrupt at line 2: not JSON/,
    );
    expect(() => parseChangeLog(`${header}[]\n[{"op":"move","path":["a"]}]\n`, 'l.log')).toThrow(
      /at line 3: not a list of immer patches/,
    );
    expect(() => parseChangeLog('{"hello":1}\n', 'l.log')).toThrow(/at line 1: not a Trellis state change log header/);
  });
});

describe('StateStore', () => {
  it('makes a write durable in the log before flush resolves, and reopens to the same state', async () => {
    const store = await open();
    await addRole(store, 'first');
    await addRole(store, 'second');
    expect(await logLines()).toHaveLength(3);
    // As a SIGKILL would leave it: nothing closed, the state file as it was seeded.
    expect(roleNames(JSON.parse(await readFile(file, 'utf8')) as StateDocument)).toEqual([]);
    expect(await readStateFile(file)).toEqual(store.document);
    const reopened = await open();
    expect(reopened.document).toEqual(store.document);
    await reopened.close();
  });

  it('leaves no trace of a mutation that throws', async () => {
    const store = await open();
    const before = store.document;
    expect(() =>
      store.mutate((draft) => {
        draft.iam.roles.push(...buildScenario('training-lab', NOW).iam.roles);
        throw new Error('half-way');
      }),
    ).toThrow('half-way');
    expect(store.document).toBe(before);
    await store.flush();
    expect(await logLines()).toHaveLength(1);
  });

  it('hands back plain copies of drafts a mutation returns', async () => {
    const store = await open();
    await addRole(store, 'kept');
    const role = store.mutate((draft) => {
      const found = draft.iam.roles[0];
      if (found) found.description = 'changed';
      return { found };
    });
    expect(role.found?.description).toBe('changed');
    expect(store.document.iam.roles[0]?.description).toBe('changed');
  });

  it('shares one append among flushes that arrive together', async () => {
    const store = await open();
    const flushes = Array.from({ length: 20 }, (_, i) => {
      store.mutate((draft) => void draft.iam.roles.push(role(`r${i}`)));
      return store.flush();
    });
    await Promise.all(flushes);
    expect(await logLines()).toHaveLength(2);
    expect(roleNames(await readStateFile(file))).toHaveLength(20);
  });

  it('drops a last line a crash cut short, says so, and keeps every complete one', async () => {
    const store = await open();
    await addRole(store, 'acknowledged');
    await appendFile(log, '[{"op":"add","path":["iam","roles",1],"value":{"name":"ha');
    const reopened = await open();
    expect(roleNames(reopened.document)).toEqual(['acknowledged']);
    expect(messages).toEqual([
      expect.stringMatching(/state\.json\.log: dropped its last change, which a crash cut short/),
    ]);
    // Folded into the state file at once, so the torn bytes are gone.
    expect(await logLines()).toHaveLength(1);
    expect(roleNames(JSON.parse(await readFile(file, 'utf8')) as StateDocument)).toEqual(['acknowledged']);
    await reopened.close();
  });

  it('refuses a corrupt line in the middle of the log, naming it, and touches neither file', async () => {
    const store = await open();
    await addRole(store, 'one');
    await addRole(store, 'two');
    const lines = await logLines();
    const broken = [lines[0], '{"not":"patches"', lines[2], ''].join('\n');
    await writeFile(log, broken);
    const state = await readFile(file, 'utf8');
    await expect(open()).rejects.toThrow(SandboxStateError);
    await expect(open()).rejects.toThrow(/State change log .*state\.json\.log is corrupt at line 2: not JSON/);
    expect(await readFile(log, 'utf8')).toBe(broken);
    expect(await readFile(file, 'utf8')).toBe(state);
  });

  it('refuses a change that does not apply, or a log that leaves an invalid state', async () => {
    const store = await open();
    const header = (await logLines())[0] ?? '';
    await writeFile(log, `${header}\n[{"op":"replace","path":["iam","nothing","here"],"value":1}]\n`);
    await expect(open()).rejects.toThrow(/corrupt at line 2: its change does not apply/);
    await writeFile(log, `${header}\n[{"op":"replace","path":["account","id"],"value":"12"}]\n`);
    await expect(open()).rejects.toThrow(
      /State file .*state\.json with the changes in .*\.log is not a valid .*account\.id/,
    );
    expect(store.document.account.id).toBe('570589970431');
  });

  it('compacts once the log passes its threshold, and at close; reopening gives the same state', async () => {
    const store = await open({ compactLogAtBytes: 2048 });
    for (let i = 0; i < 12; i += 1) await addRole(store, `role-${i}`);
    await store.flush();
    // Twelve lines of about 300 bytes: compacted at least once along the way.
    expect((await readFile(log, 'utf8')).length).toBeLessThan(2048 + 1024);
    expect(roleNames(JSON.parse(await readFile(file, 'utf8')) as StateDocument).length).toBeGreaterThan(0);
    expect(await readStateFile(file)).toEqual(store.document);
    await store.close();
    expect(await logLines()).toHaveLength(1);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(store.document);
    expect((await readdir(dir)).sort()).toEqual(['state.json', 'state.json.log']);
    const reopened = await open();
    expect(reopened.document).toEqual(store.document);
  });

  it('finishes a compaction that died after writing the state file, without replaying the old log onto it', async () => {
    const store = await open();
    await addRole(store, 'a');
    await addRole(store, 'b');
    // The compaction wrote the new state file and its log header, then stopped before replacing the old log.
    const text = snapshotText(store.document);
    await writeFile(file, text);
    await writeFile(`${log}.next`, changeLogHeader(snapshotHash(text)));
    const reopened = await open();
    expect(roleNames(reopened.document)).toEqual(['a', 'b']);
    expect(await logLines()).toHaveLength(1);
    expect(await readdir(dir)).not.toContain('state.json.log.next');
  });

  it('ignores a compaction that died before replacing the state file', async () => {
    const store = await open();
    await addRole(store, 'a');
    await writeFile(`${log}.next`, changeLogHeader('c'.repeat(64)));
    const reopened = await open();
    expect(roleNames(reopened.document)).toEqual(['a']);
    expect(await readdir(dir)).not.toContain('state.json.log.next');
  });

  it('refuses a log written for another version of the state file', async () => {
    const store = await open();
    await addRole(store, 'a');
    const replaced = snapshotText(buildScenario('training-lab', NOW));
    await writeFile(file, replaced);
    const logged = await readFile(log, 'utf8');
    await expect(open()).rejects.toThrow(/holds changes to another version of .*state\.json/);
    expect(await readFile(log, 'utf8')).toBe(logged);
    expect(await readFile(file)).toEqual(replaced);
  });

  it('keeps a log whose state file was moved away, and seeds afresh', async () => {
    const store = await open();
    await addRole(store, 'a');
    await unlink(file);
    const reopened = await open();
    expect(roleNames(reopened.document)).toEqual([]);
    expect(messages).toEqual([expect.stringMatching(/had no state file beside it; it is kept as .*\.orphaned/)]);
    expect((await readdir(dir)).filter((f) => f.endsWith('.orphaned'))).toHaveLength(1);
  });

  it('drops the empty log of a cleanly stopped sandbox whose state file was moved away', async () => {
    const store = await open();
    await addRole(store, 'a');
    await store.close();
    await unlink(file);
    const reopened = await open();
    expect(roleNames(reopened.document)).toEqual([]);
    expect(messages).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(['state.json', 'state.json.log']);
  });

  it('starts a log for a state file written before logs existed', async () => {
    await writeFile(file, JSON.stringify(buildScenario('empty', NOW)));
    const store = await open();
    await addRole(store, 'a');
    expect(roleNames(await readStateFile(file))).toEqual(['a']);
  });

  it('freezes the document under test, so a change outside mutate fails loudly', async () => {
    const store = await open();
    expect(() => store.document.iam.roles.push(role('sneaky'))).toThrow(TypeError);
  });
});
