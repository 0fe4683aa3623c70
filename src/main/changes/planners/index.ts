import type { ChangeIntent, Target } from '../../../shared/contract';
import type { BuiltPlan, PlannerContext } from '../types';
import { planEnvironmentAction } from './beanstalkEnvironmentActions';
import { planUpdateOptions } from './beanstalkOptions';
import { planPolicyAttachment } from './iamPolicyAttachment';

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
  }
}
