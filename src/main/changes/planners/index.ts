import type { AtomicChangeIntent, ChangeIntent, Target } from '../../../shared/contract';
import type { BuiltPlan, PlannerContext } from '../types';
import { planEnvironmentAction } from './beanstalkEnvironmentActions';
import { planCreateEnvironment, planTerminateEnvironment } from './beanstalkEnvironmentLifecycle';
import { planDeployment } from './beanstalkDeploy';
import { planUpdateOptions } from './beanstalkOptions';
import { planComposite } from './composite';
import { planCreateAlarm, planDeleteAlarm, planRestoreAlarm } from './cloudwatchAlarms';
import { planAddSsoProfile, planRemoveProfile } from './configProfiles';
import { planDeleteAccessKey, planUpdateAccessKey } from './iamAccessKeys';
import { planDeleteEnvironmentRole } from './iamEnvironmentRoleDeletion';
import { planCreateEnvironmentRole } from './iamEnvironmentRoles';
import { planDeleteInlinePolicy, planPutInlinePolicy } from './iamInlinePolicies';
import { planPolicyAttachment } from './iamPolicyAttachment';
import { planUpdateTrustPolicy } from './iamTrustPolicy';
import { planIngress } from './securityGroupIngress';
import { planDeleteParameter, planPutParameter, planRestoreVersion } from './ssmParameters';
import { planSearchPolicy } from './searchPolicy';

/** The one place an intent kind meets its planner; the switch is exhaustive, so a new kind without a planner fails to compile. */
function buildAtomicPlan(ctx: PlannerContext, target: Target, intent: AtomicChangeIntent): Promise<BuiltPlan> {
  switch (intent.kind) {
    case 'iam.attachPolicy':
    case 'iam.detachPolicy':
      return planPolicyAttachment(ctx, target, intent);
    case 'iam.putInlinePolicy':
      return planPutInlinePolicy(ctx, target, intent);
    case 'iam.deleteInlinePolicy':
      return planDeleteInlinePolicy(ctx, target, intent);
    case 'iam.updateAssumeRolePolicy':
      return planUpdateTrustPolicy(ctx, target, intent);
    case 'iam.updateAccessKey':
      return planUpdateAccessKey(ctx, target, intent);
    case 'iam.deleteAccessKey':
      return planDeleteAccessKey(ctx, target, intent);
    case 'iam.createEnvironmentRole':
      return planCreateEnvironmentRole(ctx, target, intent);
    case 'iam.deleteEnvironmentRole':
      return planDeleteEnvironmentRole(ctx, target, intent);
    case 'beanstalk.updateOptions':
      return planUpdateOptions(ctx, target, intent);
    case 'beanstalk.restartAppServer':
    case 'beanstalk.rebuild':
      return planEnvironmentAction(ctx, target, intent);
    case 'beanstalk.createEnvironment':
      return planCreateEnvironment(ctx, target, intent);
    case 'beanstalk.terminateEnvironment':
      return planTerminateEnvironment(ctx, target, intent);
    case 'beanstalk.deployBundle':
    case 'beanstalk.deployVersion':
    case 'beanstalk.deleteVersion':
    case 'beanstalk.createVersion':
    case 'beanstalk.rebundleDeploy':
      return planDeployment(ctx, target, intent);
    case 'ssm.putParameter':
      return planPutParameter(ctx, target, intent);
    case 'ssm.deleteParameter':
      return planDeleteParameter(ctx, target, intent);
    case 'ssm.restoreVersion':
      return planRestoreVersion(ctx, target, intent);
    case 'search.updateAccessPolicy':
      return planSearchPolicy(ctx, target, intent);
    case 'ec2.authorizeIngress':
    case 'ec2.revokeIngress':
      return planIngress(ctx, target, intent);
    case 'config.addSsoProfile':
      return planAddSsoProfile(ctx, target, intent);
    case 'config.removeProfile':
      return planRemoveProfile(ctx, target, intent);
    case 'cloudwatch.createAlarm':
      return planCreateAlarm(ctx, target, intent);
    case 'cloudwatch.deleteAlarm':
      return planDeleteAlarm(ctx, target, intent);
    case 'cloudwatch.restoreAlarm':
      return planRestoreAlarm(ctx, target, intent);
  }
}

export function buildPlan(ctx: PlannerContext, target: Target, intent: ChangeIntent): Promise<BuiltPlan> {
  return intent.kind === 'composite'
    ? planComposite(ctx, target, intent, buildAtomicPlan)
    : buildAtomicPlan(ctx, target, intent);
}
