/**
 * Inline policies on a role or user: put (create or replace) and delete. The
 * previous document is captured at plan time exactly as IAM stores it, so an
 * undo puts back the same text rather than a reformatted copy.
 */
import {
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import type { ChangeIntent, PrincipalRef, Target } from '../../../shared/contract';
import {
  isObject,
  oneLinePolicy,
  parseJson,
  policyDiffRows,
  prettyPolicyText,
  samePolicy,
} from '../../../shared/search';
import { POLICY_SIZE_LIMITS, policySize } from '../../../shared/policyLint/size';
import { TrellisError } from '../../aws/errors';
import { cliCommand, type CliTarget } from '../cliCommand';
import type { BuiltPlan, ExecutableStep, PlannerContext } from '../types';

type PutIntent = Extract<ChangeIntent, { kind: 'iam.putInlinePolicy' }>;
type DeleteIntent = Extract<ChangeIntent, { kind: 'iam.deleteInlinePolicy' }>;

/** IAM's aggregate size quotas for inline policies, counted without whitespace. */
export const INLINE_POLICY_LIMITS = {
  role: POLICY_SIZE_LIMITS.roleInline,
  user: POLICY_SIZE_LIMITS.userInline,
} as const;

const noun = (p: PrincipalRef) => (p.type === 'role' ? 'Role' : 'User');
const who = (p: PrincipalRef) => `${p.type} ${p.name}`;

/** IAM returns documents URL-encoded; some emulators do not. Decoded, not reformatted, so undo restores the same text. */
export function decodeDocumentText(raw: string | undefined): string {
  if (!raw) return '';
  const trimmed = raw.trimStart();
  if (trimmed.startsWith('{') || !/%[0-9A-Fa-f]{2}/.test(trimmed)) return raw;
  try {
    return decodeURIComponent(raw.replace(/\+/g, '%20'));
  } catch {
    return raw;
  }
}

/** Checked before any AWS call, so a typo gets a message with a line and column instead of IAM's MalformedPolicyDocument. */
function checkDocument(intent: PutIntent): void {
  const parsed = parseJson(intent.document);
  let problem: string | undefined;
  if (!parsed.ok) problem = parsed.message;
  else if (!isObject(parsed.value)) problem = 'The policy must be a JSON object ({ … }).';
  else if (parsed.value['Statement'] === undefined) problem = 'The policy has no Statement.';
  if (problem) {
    throw new TrellisError({
      code: 'validation',
      message: `Inline policy ${intent.policyName} for ${who(intent.principal)} is not valid: ${problem}`,
      retryable: false,
    });
  }
}

/** Every inline policy of the principal, name → decoded document, read now. */
export async function readInlinePolicies(
  ctx: PlannerContext,
  target: Target,
  principal: PrincipalRef,
): Promise<Map<string, string>> {
  const n = noun(principal);
  const names = await ctx.aws.call(target, 'iam', `List${n}Policies`, async (c) =>
    principal.type === 'role'
      ? ((await c.send(new ListRolePoliciesCommand({ RoleName: principal.name }))).PolicyNames ?? [])
      : ((await c.send(new ListUserPoliciesCommand({ UserName: principal.name }))).PolicyNames ?? []),
  );
  const docs = await Promise.all(
    names.map(async (policyName) => {
      const raw = await ctx.aws.call(target, 'iam', `Get${n}Policy`, async (c) =>
        principal.type === 'role'
          ? (await c.send(new GetRolePolicyCommand({ RoleName: principal.name, PolicyName: policyName })))
              .PolicyDocument
          : (await c.send(new GetUserPolicyCommand({ UserName: principal.name, PolicyName: policyName })))
              .PolicyDocument,
      );
      return [policyName, decodeDocumentText(raw)] as const;
    }),
  );
  return new Map(docs);
}

export function putInline(ctx: PlannerContext, target: Target, principal: PrincipalRef, name: string, doc: string) {
  return ctx.aws.call(target, 'iam', `Put${noun(principal)}Policy`, async (c) => {
    const out =
      principal.type === 'role'
        ? await c.send(new PutRolePolicyCommand({ RoleName: principal.name, PolicyName: name, PolicyDocument: doc }))
        : await c.send(new PutUserPolicyCommand({ UserName: principal.name, PolicyName: name, PolicyDocument: doc }));
    return { requestId: out.$metadata.requestId };
  });
}

export function deleteInline(ctx: PlannerContext, target: Target, principal: PrincipalRef, name: string) {
  return ctx.aws.call(target, 'iam', `Delete${noun(principal)}Policy`, async (c) => {
    const out =
      principal.type === 'role'
        ? await c.send(new DeleteRolePolicyCommand({ RoleName: principal.name, PolicyName: name }))
        : await c.send(new DeleteUserPolicyCommand({ UserName: principal.name, PolicyName: name }));
    return { requestId: out.$metadata.requestId };
  });
}

export function putInlineCli(cliTarget: CliTarget, principal: PrincipalRef, name: string, doc: string): string {
  return cliCommand(cliTarget, 'iam', `put-${principal.type}-policy`, {
    [`${principal.type}-name`]: principal.name,
    'policy-name': name,
    'policy-document': oneLinePolicy(doc),
  });
}

export function deleteInlineCli(cliTarget: CliTarget, principal: PrincipalRef, name: string): string {
  return cliCommand(cliTarget, 'iam', `delete-${principal.type}-policy`, {
    [`${principal.type}-name`]: principal.name,
    'policy-name': name,
  });
}

async function verifyDocument(
  ctx: PlannerContext,
  target: Target,
  principal: PrincipalRef,
  name: string,
  expected: string | undefined,
) {
  const now = (await readInlinePolicies(ctx, target, principal)).get(name);
  if (expected === undefined) {
    return now === undefined
      ? { verified: true, detail: `Verified: ${who(principal)} no longer has inline policy ${name}.` }
      : { verified: false, detail: `Re-reading ${who(principal)} shows inline policy ${name} still there.` };
  }
  if (now === undefined) return { verified: false, detail: `${who(principal)} has no inline policy ${name}.` };
  return samePolicy(now, expected)
    ? { verified: true, detail: `Verified: inline policy ${name} on ${who(principal)} has the new document.` }
    : {
        verified: false,
        detail: `Re-reading ${name} on ${who(principal)} shows a different document than the one sent.`,
      };
}

export async function planPutInlinePolicy(ctx: PlannerContext, target: Target, intent: PutIntent): Promise<BuiltPlan> {
  checkDocument(intent);
  const { principal, policyName, document } = intent;
  const policies = await readInlinePolicies(ctx, target, principal);
  const previous = policies.get(policyName);
  const cliTarget = ctx.cliTarget(target, 'iam');
  const limit = INLINE_POLICY_LIMITS[principal.type];
  const others = [...policies].filter(([n]) => n !== policyName).reduce((sum, [, d]) => sum + policySize(d), 0);
  const total = others + policySize(document);

  let blocked: string | undefined;
  let unchanged = false;
  if (previous !== undefined && samePolicy(previous, document)) {
    unchanged = true;
    blocked = `Nothing to change: inline policy ${policyName} on ${who(principal)} already has this document.`;
  } else if (total > limit) {
    blocked = `The inline policies of ${who(principal)} would total ${total} characters (not counting whitespace), over IAM's limit of ${limit} for a ${principal.type}; shorten the document or use a managed policy.`;
  }

  const operation = `Put${noun(principal)}Policy`;
  const step: ExecutableStep = {
    service: 'iam',
    operation,
    input: { [`${noun(principal)}Name`]: principal.name, PolicyName: policyName, PolicyDocument: document },
    summary: `${previous === undefined ? 'Add' : 'Replace'} inline policy ${policyName} on ${who(principal)}`,
    run: () => putInline(ctx, target, principal, policyName, document),
    rollback: async () => {
      if (previous === undefined) await deleteInline(ctx, target, principal, policyName);
      else await putInline(ctx, target, principal, policyName, previous);
    },
  };

  return {
    title: `${previous === undefined ? 'Add' : 'Update'} inline policy ${policyName} on ${principal.name}`,
    resource: { service: 'iam', type: principal.type, name: principal.name },
    diff:
      previous === undefined
        ? [{ change: 'add', label: `Inline policy ${policyName}`, after: prettyPolicyText(document) }]
        : policyDiffRows(previous, document),
    steps: [step],
    cli: [putInlineCli(cliTarget, principal, policyName, document)],
    permissions: [`iam:${operation}`, `iam:Get${noun(principal)}Policy`, `iam:List${noun(principal)}Policies`],
    risk: {
      level: 'medium',
      note: `Whatever runs as ${who(principal)} gets exactly the permissions in ${policyName}${previous === undefined ? ' in addition to what it has' : ' instead of the previous document'}, within seconds. Undo ${previous === undefined ? 'deletes it' : 'puts the previous document back'}.`,
    },
    undo:
      previous === undefined
        ? {
            intent: { kind: 'iam.deleteInlinePolicy', principal, policyName },
            summary: `Delete inline policy ${policyName} from ${principal.name}`,
            cli: [deleteInlineCli(cliTarget, principal, policyName)],
          }
        : {
            intent: { kind: 'iam.putInlinePolicy', principal, policyName, document: previous },
            summary: `Put back the previous document of ${policyName} on ${principal.name}, exactly as it was`,
            cli: [putInlineCli(cliTarget, principal, policyName, previous)],
          },
    blocked,
    unchanged,
    verify: () => verifyDocument(ctx, target, principal, policyName, document),
  };
}

export async function planDeleteInlinePolicy(
  ctx: PlannerContext,
  target: Target,
  intent: DeleteIntent,
): Promise<BuiltPlan> {
  const { principal, policyName } = intent;
  const previous = (await readInlinePolicies(ctx, target, principal)).get(policyName);
  const cliTarget = ctx.cliTarget(target, 'iam');
  const operation = `Delete${noun(principal)}Policy`;
  return {
    title: `Delete inline policy ${policyName} from ${principal.name}`,
    resource: { service: 'iam', type: principal.type, name: principal.name },
    diff:
      previous === undefined
        ? []
        : [{ change: 'remove', label: `Inline policy ${policyName}`, before: prettyPolicyText(previous) }],
    steps: [
      {
        service: 'iam',
        operation,
        input: { [`${noun(principal)}Name`]: principal.name, PolicyName: policyName },
        summary: `Delete inline policy ${policyName} from ${who(principal)}`,
        run: () => deleteInline(ctx, target, principal, policyName),
        ...(previous === undefined
          ? {}
          : {
              rollback: async () => {
                await putInline(ctx, target, principal, policyName, previous);
              },
            }),
      },
    ],
    cli: [deleteInlineCli(cliTarget, principal, policyName)],
    permissions: [`iam:${operation}`, `iam:Get${noun(principal)}Policy`, `iam:List${noun(principal)}Policies`],
    risk: {
      level: 'medium',
      note: `Whatever runs as ${who(principal)} loses the permissions in ${policyName} within seconds. Undo puts the document back exactly as it is now.`,
    },
    undo:
      previous === undefined
        ? null
        : {
            intent: { kind: 'iam.putInlinePolicy', principal, policyName, document: previous },
            summary: `Put inline policy ${policyName} back on ${principal.name}, exactly as it was`,
            cli: [putInlineCli(cliTarget, principal, policyName, previous)],
          },
    blocked: previous === undefined ? `${who(principal)} has no inline policy named ${policyName}.` : undefined,
    unchanged: previous === undefined,
    verify: () => verifyDocument(ctx, target, principal, policyName, undefined),
  };
}
