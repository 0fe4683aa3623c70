/**
 * The IAM reads of a scan that the shared IAM snapshot does not cover: one
 * instance profile, one managed policy's default document, and the policy
 * simulator. The scan source memoises and counts them; a missing entity is
 * a fact (null), not a failure.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import {
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { decodePolicyDocument } from '../services/policyDocuments';
import type { InstanceProfileFact, SimulationFact } from './facts';

/** One counted IAM request. */
export type IamCall = <R>(operation: string, fn: (client: IAMClient) => Promise<R>) => Promise<R>;

export function isNoSuchEntity(err: unknown): boolean {
  // `call` wraps SDK errors in TrellisError; the AWS code survives in appError.awsCode.
  const name = (err as { name?: string } | null)?.name;
  const awsCode = (err as { appError?: { awsCode?: string } } | null)?.appError?.awsCode;
  return [name, awsCode].some(
    (n) => n === 'NoSuchEntity' || n === 'NoSuchEntityException' || n === 'ParameterNotFound',
  );
}

export async function readInstanceProfile(call: IamCall, name: string): Promise<InstanceProfileFact | null> {
  try {
    const out = await call('GetInstanceProfile', (client) =>
      client.send(new GetInstanceProfileCommand({ InstanceProfileName: name })),
    );
    const p = out.InstanceProfile;
    return {
      name: p?.InstanceProfileName ?? name,
      arn: p?.Arn ?? '',
      roleNames: (p?.Roles ?? []).map((r) => r.RoleName ?? '').filter(Boolean),
    };
  } catch (err) {
    if (isNoSuchEntity(err)) return null;
    throw err;
  }
}

export async function readManagedPolicyDocument(call: IamCall, policyArn: string): Promise<string | null> {
  try {
    const policy = await call('GetPolicy', (client) => client.send(new GetPolicyCommand({ PolicyArn: policyArn })));
    const versionId = policy.Policy?.DefaultVersionId ?? 'v1';
    const version = await call('GetPolicyVersion', (client) =>
      client.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })),
    );
    return decodePolicyDocument(version.PolicyVersion?.Document);
  } catch (err) {
    if (isNoSuchEntity(err)) return null;
    throw err;
  }
}

export async function readSimulation(
  call: IamCall,
  principalArn: string,
  actions: string[],
  resourceArns: string[] | undefined,
): Promise<SimulationFact[]> {
  const out: SimulationFact[] = [];
  let marker: string | undefined;
  do {
    const page = await call('SimulatePrincipalPolicy', (client) =>
      client.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: principalArn,
          ActionNames: actions,
          ...(resourceArns && resourceArns.length > 0 ? { ResourceArns: resourceArns } : {}),
          ...(marker ? { Marker: marker } : {}),
        }),
      ),
    );
    for (const r of page.EvaluationResults ?? []) {
      const decision = r.EvalDecision;
      out.push({
        action: r.EvalActionName ?? '',
        resource: r.EvalResourceName ?? '*',
        decision: decision === 'allowed' || decision === 'explicitDeny' ? decision : 'implicitDeny',
        matched: (r.MatchedStatements ?? []).map((s) => s.SourcePolicyId ?? '').filter(Boolean),
      });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return out;
}
