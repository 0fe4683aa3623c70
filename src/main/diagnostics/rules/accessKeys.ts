/**
 * F14: access keys that were never used, have not been used for 90 days, or
 * are older than 90 days. A key that sits unused is pure risk (keys pushed to
 * a public repository get the account flagged), so deactivating it is the
 * recommended fix; deletion cannot be undone and is offered only once a key
 * is already Inactive. Account-wide: a scan scoped to one environment skips it.
 */
import type { AccessKey, FindingResource, FindingSeverity } from '../../../shared/contract';
import type { ScanSource } from '../facts';
import { catalogueRef, check, findingId } from '../findings';
import { readSnapshot } from '../iam/verdicts';
import { runnable, type EvaluationContext, type FixDraft, type RuleOutput } from '../types';

export const STALE_DAYS = 90;

export interface UserKeys {
  userName: string;
  userArn?: string;
  keys: AccessKey[];
}

export interface AccessKeysFacts {
  users: UserKeys[];
}

const DAY_MS = 86_400_000;
const daysSince = (iso: string, now: Date): number => Math.floor((now.getTime() - Date.parse(iso)) / DAY_MS);

export async function collectAccessKeys(source: ScanSource, ctx: EvaluationContext): Promise<AccessKeysFacts> {
  if (ctx.environmentName) return { users: [] };
  const snapshot = await readSnapshot(source, ['F14']);
  const users: UserKeys[] = [];
  for (const user of snapshot?.users ?? []) {
    const keys = await source.attempt(`access keys of ${user.name}`, ['F14'], () => source.accessKeys(user.name));
    if (keys) users.push({ userName: user.name, userArn: user.arn, keys });
  }
  return { users };
}

interface KeyProblems {
  neverUsed: boolean;
  unusedDays?: number;
  ageDays: number;
}

function problemsOf(key: AccessKey, now: Date): string[] {
  const p: KeyProblems = {
    neverUsed: !key.lastUsedDate,
    ageDays: daysSince(key.createDate, now),
    ...(key.lastUsedDate ? { unusedDays: daysSince(key.lastUsedDate, now) } : {}),
  };
  const out: string[] = [];
  if (p.neverUsed) out.push(`never used (created ${p.ageDays} days ago)`);
  else if (p.unusedDays !== undefined && p.unusedDays >= STALE_DAYS) out.push(`unused for ${p.unusedDays} days`);
  if (p.ageDays > STALE_DAYS) out.push(`${p.ageDays} days old`);
  return out;
}

export function evaluateAccessKeys(facts: AccessKeysFacts, ctx: EvaluationContext): RuleOutput {
  const out: RuleOutput = { findings: [], checks: [] };
  for (const user of facts.users) {
    for (const key of user.keys) {
      const subject: FindingResource = { type: 'access-key', name: key.accessKeyId };
      const problems = key.status === 'Expired' ? [] : problemsOf(key, ctx.now);
      // Deactivating an active key must verify as done, so the later "delete it" finding has an id of its own.
      const active = key.status === 'Active';
      const id = findingId('F14', subject, active ? undefined : 'inactive');
      if (!active)
        out.checks.push(check('F14', subject, true, `${key.accessKeyId} of ${user.userName} is ${key.status}.`));
      if (!problems.length) {
        if (active)
          out.checks.push(
            check('F14', subject, true, `${key.accessKeyId} of ${user.userName} is Active, recent and in use.`),
          );
        continue;
      }
      out.checks.push(
        check(
          'F14',
          subject,
          false,
          `${key.accessKeyId} of ${user.userName}: ${problems.join(', ')}.`,
          active ? {} : { qualifier: 'inactive' },
        ),
      );
      const idle = !key.lastUsedDate || daysSince(key.lastUsedDate, ctx.now) >= STALE_DAYS;
      // An idle Active key is exposure with no benefit; an old key in use needs rotating, not switching off.
      const severity: FindingSeverity = active ? (idle ? 'medium' : 'low') : 'low';
      const fixes: FixDraft[] = active
        ? [
            {
              id: 'deactivate',
              label: `Deactivate ${key.accessKeyId}`,
              description: `Set the key to Inactive. Anything still using it gets InvalidClientTokenId; reactivating it is the undo.${idle ? '' : ' It is still in use: rotate it first.'}`,
              recommended: idle,
              intent: {
                kind: 'iam.updateAccessKey',
                userName: user.userName,
                accessKeyId: key.accessKeyId,
                status: 'Inactive',
              },
            },
          ]
        : [
            {
              id: 'delete',
              label: `Delete ${key.accessKeyId}`,
              description: 'Delete the Inactive key for good. This cannot be undone: a deleted key cannot be restored.',
              recommended: false,
              intent: { kind: 'iam.deleteAccessKey', userName: user.userName, accessKeyId: key.accessKeyId },
            },
          ];
      const lastUsed = key.lastUsedDate
        ? `last used ${key.lastUsedDate}${key.lastUsedService ? ` (${key.lastUsedService}${key.lastUsedRegion ? `, ${key.lastUsedRegion}` : ''})` : ''}`
        : 'never used';
      out.findings.push({
        id,
        rule: 'F14',
        severity,
        summary: `Access key ${key.accessKeyId} of ${user.userName} (${key.status}) is ${problems.join(' and ')}`,
        resource: subject,
        related: [{ type: 'user', name: user.userName, ...(user.userArn ? { arn: user.userArn } : {}) }],
        evidence: [
          { source: 'state', label: 'Status', text: key.status },
          { source: 'state', label: 'Created', text: key.createDate },
          { source: 'state', label: 'Last used', text: lastUsed },
        ],
        explanation: active
          ? idle
            ? `A long-lived key that nobody uses still opens the account to whoever finds it (keys pushed to a public repository are found within minutes). Deactivating it is reversible; delete it once nothing has complained.`
            : `The key is in use but older than ${STALE_DAYS} days. Rotate it: create a new key, move its users to it, then deactivate this one.`
          : `The key is already Inactive; deleting it removes it for good.`,
        catalogue: catalogueRef('F14'),
        fixes,
        ...(active && !idle
          ? {
              manual: {
                summary: `Rotate ${key.accessKeyId}.`,
                steps: [
                  {
                    text: 'Create a new access key.',
                    command: `aws iam create-access-key --user-name ${user.userName}`,
                  },
                  { text: 'Update every place that uses the old key (CLI profiles, CI secrets, applications).' },
                  {
                    text: 'Deactivate the old key.',
                    command: `aws iam update-access-key --user-name ${user.userName} --access-key-id ${key.accessKeyId} --status Inactive`,
                  },
                ],
                check: `${key.accessKeyId} is Inactive or deleted.`,
              },
            }
          : {}),
      });
    }
  }
  return out;
}

export const accessKeysFamily = runnable<AccessKeysFacts>({
  name: 'accessKeys',
  rules: ['F14'],
  collect: collectAccessKeys,
  evaluate: evaluateAccessKeys,
});
