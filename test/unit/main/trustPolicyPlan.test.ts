/**
 * iam.updateAssumeRolePolicy through the change service against a tiny
 * in-memory IAM: preview as lines, apply, journal, verify, and an undo that
 * puts back the previous trust policy byte for byte, as IAM returned it
 * (URL-encoded on the wire, decoded but never reformatted here).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetRoleCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../../src/main/aws/clientFactory';
import { ChangeService } from '../../../src/main/changes/changeService';
import { Journal } from '../../../src/main/changes/journal';

const target = { profile: 'ops', region: 'eu-west-2' };
const ROLE = 'orders-deployer';
// Written by hand, with its own spacing, so a reformatting undo would show.
const ORIGINAL =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}';

const trust = (principal: object) =>
  JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] },
    null,
    2,
  );

function fakeIam() {
  const state = { document: ORIGINAL, requests: [] as string[] };
  const client = {
    send: async (command: unknown) => {
      const $metadata = { requestId: `req-${state.requests.length + 1}` };
      if (command instanceof GetRoleCommand) {
        state.requests.push('GetRole');
        if (command.input.RoleName !== ROLE) throw Object.assign(new Error('no role'), { name: 'NoSuchEntity' });
        return { $metadata, Role: { RoleName: ROLE, AssumeRolePolicyDocument: encodeURIComponent(state.document) } };
      }
      if (command instanceof UpdateAssumeRolePolicyCommand) {
        state.requests.push('UpdateAssumeRolePolicy');
        state.document = command.input.PolicyDocument ?? '';
        return { $metadata };
      }
      throw new Error(`fake IAM has no ${String((command as object).constructor.name)}`);
    },
  };
  const aws = {
    call: (_t: unknown, _s: unknown, _o: unknown, fn: (c: unknown) => Promise<unknown>) => fn(client),
  } as unknown as ClientFactory;
  const journalFile = join(mkdtempSync(join(tmpdir(), 'trust-plan-')), 'journal.jsonl');
  const changes = new ChangeService({
    aws,
    journal: new Journal(journalFile),
    cliTarget: (t) => ({ region: t.region, profile: t.profile }),
    isReadOnly: () => false,
    accountOf: async () => '210987654321',
  });
  return { state, changes, journalFile };
}

describe('iam.updateAssumeRolePolicy', () => {
  it('previews the lines that change, applies, verifies, and undoes to the exact previous text', async () => {
    const { state, changes, journalFile } = fakeIam();
    const next = trust({ Service: ['ec2.amazonaws.com', 'elasticbeanstalk.amazonaws.com'] });
    const plan = await changes.plan(target, { kind: 'iam.updateAssumeRolePolicy', roleName: ROLE, document: next });
    expect(plan.blocked).toBeUndefined();
    expect(plan.title).toBe(`Update the trust policy of ${ROLE}`);
    expect(plan.risk.level).toBe('medium');
    expect(plan.permissions).toEqual(['iam:UpdateAssumeRolePolicy', 'iam:GetRole']);
    expect(plan.cli[0]).toContain('aws iam update-assume-role-policy');
    expect(plan.cli[0]).toContain(`--role-name ${ROLE}`);
    expect(plan.diff).toEqual([
      { change: 'remove', label: 'Line 7', before: '        "Service": "ec2.amazonaws.com"' },
      { change: 'add', label: 'Line 7', after: '        "Service": [' },
      { change: 'add', label: 'Line 8', after: '          "ec2.amazonaws.com",' },
      { change: 'add', label: 'Line 9', after: '          "elasticbeanstalk.amazonaws.com"' },
      { change: 'add', label: 'Line 10', after: '        ]' },
    ]);
    expect(state.document).toBe(ORIGINAL);

    const applied = await changes.apply(plan.id);
    expect(applied.entry.status).toBe('applied');
    expect(applied.entry.verification).toEqual({
      verified: true,
      detail: `Verified: role ${ROLE} has the new trust policy.`,
    });
    expect(state.document).toBe(next);
    expect(readFileSync(journalFile, 'utf8')).toContain('UpdateAssumeRolePolicy');

    const undo = await changes.planUndo(applied.entry.id);
    expect(undo.intent).toEqual({ kind: 'iam.updateAssumeRolePolicy', roleName: ROLE, document: ORIGINAL });
    await changes.apply(undo.id);
    expect(state.document).toBe(ORIGINAL);
  });

  it('refuses broken JSON before any call, blocks a no-op, and rates a trust open to everyone as high risk', async () => {
    const { state, changes } = fakeIam();
    await expect(
      changes.plan(target, { kind: 'iam.updateAssumeRolePolicy', roleName: ROLE, document: '{"Statement": [' }),
    ).rejects.toThrow(
      /^The trust policy for role orders-deployer is not valid: JSON syntax error at line 1, column 16/,
    );
    expect(state.requests).toEqual([]);

    const same = await changes.plan(target, {
      kind: 'iam.updateAssumeRolePolicy',
      roleName: ROLE,
      document: trust({ Service: 'ec2.amazonaws.com' }),
    });
    expect(same.blocked).toBe(`Nothing to change: the trust policy of ${ROLE} already says this.`);

    const open = await changes.plan(target, {
      kind: 'iam.updateAssumeRolePolicy',
      roleName: ROLE,
      document: trust({ AWS: '*' }),
    });
    expect(open.risk.level).toBe('high');
    expect(open.risk.note).toMatch(/any AWS principal, in any account, may assume orders-deployer/);
  });
});
