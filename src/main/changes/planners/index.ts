import type { ChangeIntent, Target } from '../../../shared/contract';
import type { BuiltPlan, PlannerContext } from '../types';
import { planEnvironmentAction } from './beanstalkEnvironmentActions';
import { planUpdateOptions } from './beanstalkOptions';
import { planPolicyAttachment } from './iamPolicyAttachment';
import { planIngress } from './securityGroupIngress';
import { planDeleteParameter, planPutParameter, planRestoreVersion } from './ssmParameters';
import { planSearchPolicy } from './searchPolicy';

/** The one place an intent kind meets its planner; the switch is exhaustive, so a new kind without a planner fails to compile. */
export function buildPlan(ctx: PlannerContext, target: Target, intent: ChangeIntent): Promise<BuiltPlan> {
  switch (intent.kind) {
    case 'iam.attachPolicy':
    case 'iam.detachPolicy':
      return planPolicyAttachment(ctx, target, intent);
    case 'beanstalk.updateOptions':
      return planUpdateOptions(ctx, target, intent);
    case 'beanstalk.restartAppServer':
    case 'beanstalk.rebuild':
      return planEnvironmentAction(ctx, target, intent);
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
  }
}
