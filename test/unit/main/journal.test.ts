import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../../src/main/changes/journal';
import type { JournalEntry } from '../../../src/shared/contract';

const intent = {
  kind: 'iam.attachPolicy' as const,
  principal: { type: 'role' as const, name: 'r' },
  policyArn: 'arn:aws:iam::aws:policy/IAMFullAccess',
};

function entry(id: string, at: string): JournalEntry {
  return {
    id,
    at,
    target: { profile: 'sandbox', region: 'us-east-1' },
    title: `change ${id}`,
    intent,
    status: 'applied',
    steps: [{ operation: 'AttachRolePolicy', status: 'ok', input: { RoleName: 'r' }, requestId: 'req-1' }],
    verification: { verified: true, detail: 'ok' },
  };
}

describe('Journal', () => {
  it('is append-only: undo adds a record and never rewrites the entry', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'journal-')), 'journal.jsonl');
    const j = new Journal(file);
    j.append(entry('a', '2026-11-22T01:00:00.000Z'), {
      intent: { ...intent, kind: 'iam.detachPolicy' },
      summary: 'detach',
    });
    j.append(entry('b', '2026-11-22T02:00:00.000Z'), null);
    const before = readFileSync(file, 'utf8');
    j.markUndone('a', 'b', '2026-11-22T02:00:00.000Z');
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(after.trim().split('\n')).toHaveLength(3);
    expect(j.list(10).map((e) => [e.id, e.undoneBy])).toEqual([
      ['b', undefined],
      ['a', 'b'],
    ]);
  });

  it('survives a restart and skips unreadable lines without losing the rest', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'journal-')), 'journal.jsonl');
    const first = new Journal(file);
    first.append(entry('a', '2026-11-22T01:00:00.000Z'), null);
    appendFileSync(file, '{"type":"entry", truncated\n');
    appendFileSync(file, '{"type":"mystery"}\n');
    first.append(entry('b', '2026-11-22T03:00:00.000Z'), null);
    const reopened = new Journal(file);
    expect(reopened.list(10).map((e) => e.id)).toEqual(['b', 'a']);
    expect(reopened.unreadableLines).toEqual([2, 3]);
    expect(reopened.get('a')?.entry.steps[0]?.requestId).toBe('req-1');
  });

  it('ignores and reports a torn final line, and starts the next record on a fresh line', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'journal-')), 'journal.jsonl');
    const first = new Journal(file);
    first.append(entry('a', '2026-11-22T01:00:00.000Z'), null);
    // A process killed mid-append leaves part of a record and no newline.
    const whole = JSON.stringify({ type: 'entry', entry: entry('b', '2026-11-22T02:00:00.000Z'), undo: null });
    appendFileSync(file, whole.slice(0, 57));
    const reopened = new Journal(file);
    expect(reopened.tornTail).toEqual({ line: 2, bytes: 57 });
    expect(reopened.list(10).map((e) => e.id)).toEqual(['a']);
    reopened.append(entry('c', '2026-11-22T03:00:00.000Z'), null);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[1]).toBe(whole.slice(0, 57));
    expect(JSON.parse(lines[2]!).entry.id).toBe('c');
    const third = new Journal(file);
    expect(third.list(10).map((e) => e.id)).toEqual(['c', 'a']);
    // The fragment stays where it was, reported as unreadable; it is no longer the tail.
    expect(third.unreadableLines).toEqual([2]);
    expect(third.tornTail).toBeUndefined();
  });

  it('keeps a whole final record that only lacks its newline', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'journal-')), 'journal.jsonl');
    appendFileSync(file, JSON.stringify({ type: 'entry', entry: entry('a', '2026-11-22T01:00:00.000Z'), undo: null }));
    const j = new Journal(file);
    expect(j.tornTail).toBeUndefined();
    j.append(entry('b', '2026-11-22T02:00:00.000Z'), null);
    expect(new Journal(file).list(10).map((e) => e.id)).toEqual(['b', 'a']);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
  });

  it('reads journals written before partial plans and rollbacks existed, and records a rollback after them', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'journal-')), 'journal.jsonl');
    const old = { ...entry('a', '2026-11-22T01:00:00.000Z'), status: 'rolled-back' };
    appendFileSync(file, JSON.stringify({ type: 'entry', entry: old, undo: null }) + '\n');
    const j = new Journal(file);
    expect(j.unreadableLines).toEqual([]);
    expect(j.get('a')?.entry.status).toBe('rolled-back');
    j.append({ ...entry('p', '2026-11-22T02:00:00.000Z'), status: 'partial' }, null);
    const rollback = {
      at: '2026-11-22T02:05:00.000Z',
      status: 'rolled-back' as const,
      steps: [{ step: 1, operation: 'AttachRolePolicy', status: 'rolled-back' as const }],
      verification: { verified: true, detail: 're-read', differences: [] },
    };
    j.recordRollback('p', rollback);
    expect(new Journal(file).get('p')?.entry).toMatchObject({ status: 'partial', rollback });
  });
});
