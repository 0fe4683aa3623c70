/**
 * "May this principal do this?" — asked of SimulatePrincipalPolicy first, and,
 * when the simulator is not available (moto lacks it; the scanning identity may
 * be denied it), estimated from the principal's own policies with the shared
 * evaluator (src/shared/iam). Every verdict says which method produced it,
 * because an estimate cannot decide conditions and does not see boundaries or
 * group policies; an estimate names the statements that decided it.
 */
import type { AttachedPolicy, Evidence, IamSnapshot, PrincipalRef, RuleId } from '../../../shared/contract';
import { deniedPermission } from '../../services/deniedPermission';
import type { ScanSource } from '../facts';
import { estimateDecision, statementsOfDocument, type Decision, type NamedStatements } from './policyEvaluation';
import { isAwsManagedArn, managedPolicyStatements } from './managedPolicies';
import { findPrincipal } from './principals';

export interface Verdict {
  action: string;
  /** The resource asked about; absent when the question was "anywhere". */
  resource?: string;
  decision: Decision;
  /** The policies that decided it, when known. */
  matched: string[];
  /** The deciding statements (`Policy statement 2 "Sid"`), when the estimate knows them. */
  statements?: string[];
  method: 'simulation' | 'policies';
  /** Why the estimate was used, or what it could not see. */
  note?: string;
  /** The permission whose refusal made this an estimate (`iam:SimulatePrincipalPolicy`), when that was the reason. */
  missingPermission?: string;
}

/** How a verdict was reached, as its evidence is labelled: an estimate says so, and names the permission it lacked. */
export function verdictLabel(v: Verdict): string {
  if (v.method === 'simulation') return 'Simulated decision';
  return v.missingPermission
    ? `Estimated decision (${v.missingPermission} is not allowed)`
    : 'Estimated decision (simulation unavailable)';
}

export function verdictEvidence(v: Verdict): Evidence {
  return {
    source: v.method === 'simulation' ? 'simulation' : 'policy',
    label: verdictLabel(v),
    text: describeVerdict(v),
  };
}

/** "estimated from its attached policies, iam:SimulatePrincipalPolicy not allowed" or "SimulatePrincipalPolicy", for check details. */
export function verdictMethod(v: Verdict | undefined): string {
  if (v?.method !== 'policies') return 'SimulatePrincipalPolicy';
  return v.missingPermission
    ? `estimated from its attached policies: ${v.missingPermission} is not allowed`
    : 'estimated from its attached policies';
}

export function describeVerdict(v: Verdict): string {
  const on = v.resource ? ` on ${v.resource}` : '';
  const deciding = v.statements?.length ? v.statements : v.matched;
  const by = deciding.length ? ` (${deciding.join(', ')})` : '';
  const how =
    v.method === 'simulation'
      ? 'SimulatePrincipalPolicy'
      : `estimated from the attached policies${v.note ? `: ${v.note}` : ''}`;
  return `${v.action}${on}: ${v.decision}${by} — ${how}`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One holder's inline and attached policies as statements; AWS managed ones fall back to the bundled policy set. */
async function holderPolicies(
  source: ScanSource,
  holder: { inlinePolicies: Array<{ name: string; document: string }>; attachedPolicies: AttachedPolicy[] },
  prefix: string,
  unknown: string[],
): Promise<NamedStatements[]> {
  const policies: NamedStatements[] = holder.inlinePolicies.map((p) => ({
    name: prefix + p.name,
    statements: statementsOfDocument(p.document),
  }));
  for (const attached of holder.attachedPolicies) {
    let document: string | null | undefined;
    try {
      document = await source.managedPolicyDocument(attached.policyArn);
    } catch {
      document = undefined;
    }
    const statements = document
      ? statementsOfDocument(document)
      : isAwsManagedArn(attached.policyArn)
        ? managedPolicyStatements(attached.policyArn)
        : undefined;
    if (statements) policies.push({ name: prefix + attached.policyName, statements });
    else unknown.push(prefix + attached.policyName);
  }
  return policies;
}

/**
 * The principal's identity policies as statements: its own, then (for a user)
 * each group's, named `group/policy` so evidence says where a statement came
 * from. `groups` lists the groups the snapshot did not have.
 */
export async function principalPolicies(
  source: ScanSource,
  snapshot: IamSnapshot | undefined,
  ref: PrincipalRef,
): Promise<{ policies: NamedStatements[]; unknown: string[]; groups: string[] }> {
  const principal = findPrincipal(snapshot, ref);
  if (!principal) return { policies: [], unknown: [], groups: [] };
  const unknown: string[] = [];
  const policies = await holderPolicies(source, principal, '', unknown);
  const missing: string[] = [];
  for (const name of 'groups' in principal ? principal.groups : []) {
    const group = snapshot?.groups.find((candidate) => candidate.name === name);
    if (group) policies.push(...(await holderPolicies(source, group, `${name}/`, unknown)));
    else missing.push(name);
  }
  return { policies, unknown, groups: missing };
}

export interface JudgeRequest {
  ref: PrincipalRef;
  arn: string;
  actions: readonly string[];
  /** One verdict per action × resource; none means "anywhere". */
  resources?: readonly string[];
}

export async function judge(
  source: ScanSource,
  snapshot: IamSnapshot | undefined,
  request: JudgeRequest,
): Promise<Verdict[]> {
  const resources = request.resources?.length ? request.resources : undefined;
  try {
    const results = await source.simulate(request.arn, [...request.actions], resources ? [...resources] : undefined);
    return results.map((r) => ({
      action: r.action,
      ...(resources && r.resource !== '*' ? { resource: r.resource } : {}),
      decision: r.decision,
      matched: r.matched,
      method: 'simulation' as const,
    }));
  } catch (err) {
    const { policies, unknown, groups } = await principalPolicies(source, snapshot, request.ref);
    const denied = deniedPermission(err, { action: 'iam:SimulatePrincipalPolicy' });
    const missing = denied ? { missingPermission: denied.action } : {};
    const notes = [
      denied
        ? `${denied.action} is not allowed for this profile, so this is an estimate`
        : `SimulatePrincipalPolicy failed (${errorText(err)})`,
    ];
    if (!findPrincipal(snapshot, request.ref))
      notes.push(`${request.ref.type} ${request.ref.name} was not found in IAM`);
    if (unknown.length) notes.push(`documents not readable: ${unknown.join(', ')}`);
    if (groups.length) notes.push(`policies of groups not found: ${groups.join(', ')}`);
    return request.actions.flatMap((action) =>
      (resources ?? [undefined]).map((resource): Verdict => {
        const estimate = estimateDecision(policies, action, resource);
        const conditional = estimate.conditional ? ['conditions not evaluated'] : [];
        return {
          action,
          ...(resource ? { resource } : {}),
          decision: estimate.decision,
          matched: estimate.matched,
          statements: estimate.statements,
          method: 'policies',
          note: [...notes, ...conditional].join('; '),
          ...missing,
        };
      }),
    );
  }
}

/** Reads the IAM snapshot once per family, recording a failure as a scan problem. */
export function readSnapshot(source: ScanSource, rules: readonly RuleId[]): Promise<IamSnapshot | undefined> {
  return source.attempt('IAM roles, users and policies', rules, () => source.iam());
}
