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
});
