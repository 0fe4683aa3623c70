/**
 * Every AWS managed policy, for the attach dialog's search. ListPolicies
 * says which policies exist (in AWS, the sandbox or moto) but, as AWS
 * documents, never carries a description; AWS managed policies are the same
 * in every account, so their descriptions come from the bundled policy set:
 * AWS's own wording where curated, otherwise one derived from the document
 * (and marked so).
 */
import { paginateListPolicies } from '@aws-sdk/client-iam';
import type { ManagedPolicySummary, Target } from '../../shared/contract';
import { findAwsManagedPolicy } from '../../sandbox/scenarios/awsManagedPolicies';
import type { ClientFactory } from '../aws/clientFactory';
import { policySummary } from './iam';

/** IAM's largest page: 1,600 policies in two calls. */
const PAGE_SIZE = 1000;

function withKnownDescription(summary: ManagedPolicySummary): ManagedPolicySummary {
  if (summary.description !== undefined) return summary;
  const known = findAwsManagedPolicy(summary.arn);
  return known ? { ...summary, description: known.description, descriptionDerived: known.descriptionDerived } : summary;
}

export async function listAwsManagedPolicies(aws: ClientFactory, target: Target): Promise<ManagedPolicySummary[]> {
  return aws.call(target, 'iam', 'ListPolicies', async (client) => {
    const out: ManagedPolicySummary[] = [];
    for await (const page of paginateListPolicies({ client, pageSize: PAGE_SIZE }, { Scope: 'AWS' })) {
      for (const policy of page.Policies ?? []) out.push(withKnownDescription(policySummary(policy)));
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  });
}
