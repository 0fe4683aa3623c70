/**
 * What the code on an environment's instances may do: the role behind its
 * instance profile, evaluated with the same policy evaluator that enforces
 * and simulates IAM, on the real resource ARN, so the answer the health
 * evaluator derives agrees with SimulatePrincipalPolicy for that role.
 */
import { authorize, type Decision as EvalDecision } from '../../shared/iam/evaluation';
import { UNKNOWN_REQUEST } from '../../shared/iam/requestContext';
import { boundaryPolicies, identityPolicies } from '../policy/principalPolicies';
import type { EnvironmentState, OptionSettingState } from '../state/beanstalkState';
import type { RoleState, StateDocument } from '../state/document';
import { instanceProfileName, NS, optionValue } from './options';
import { environmentInstances } from './provisioning';
import { assumedRoleArn } from '../identity';

export interface InstanceIdentity {
  readonly role: RoleState;
  /** The session ARN AWS names in AccessDenied messages for calls made with instance-profile credentials. */
  readonly sessionArn: string;
}

export const DEFAULT_INSTANCE_PROFILE = 'aws-elasticbeanstalk-ec2-role';

/** The instance profile's role; undefined when the profile or its role is missing (a launch problem of its own). */
export function instanceIdentity(
  doc: StateDocument,
  env: EnvironmentState,
  settings: readonly OptionSettingState[],
): InstanceIdentity | undefined {
  const configured = optionValue(settings, NS.launchConfiguration, 'IamInstanceProfile');
  const profileName = instanceProfileName(configured ?? DEFAULT_INSTANCE_PROFILE);
  const profile = doc.iam.instanceProfiles.find((p) => p.name === profileName);
  const roleName = profile?.roleNames[0];
  const role = roleName === undefined ? undefined : doc.iam.roles.find((r) => r.name === roleName);
  if (!role) return undefined;
  // The session name of instance-profile credentials is the instance id.
  const session = environmentInstances(doc, env)[0]?.id ?? env.id;
  return { role, sessionArn: assumedRoleArn(doc.account, role.name, session) };
}

export function instanceMay(
  doc: StateDocument,
  identity: InstanceIdentity,
  action: string,
  resource: string,
): EvalDecision {
  // The code's requests are not modelled, so a conditional Allow never grants here (as before).
  const boundary = boundaryPolicies(doc, identity.role);
  return authorize({
    action,
    resource,
    context: UNKNOWN_REQUEST,
    identityPolicies: identityPolicies(doc, identity.role),
    ...(boundary ? { boundaryPolicies: boundary } : {}),
  }).decision;
}

/** AWS's modern AccessDenied wording; actions without a resource type name no resource. */
export function notAuthorizedText(
  identity: InstanceIdentity,
  action: string,
  resource: string,
  decision: Exclude<EvalDecision, 'allowed'>,
  quoteResource = false,
): string {
  const why =
    decision === 'explicitDeny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${action} action`;
  const on = resource === '*' ? '' : ` on resource: ${quoteResource ? `"${resource}"` : resource}`;
  return `User: ${identity.sessionArn} is not authorized to perform: ${action}${on} ${why}`;
}
