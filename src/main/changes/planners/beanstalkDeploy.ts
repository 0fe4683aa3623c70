/** STUB (issue 9, in progress): deploy, roll back, delete and re-register application versions. */
import type { ChangeIntent, Target } from '../../../shared/contract';
import { TrellisError } from '../../aws/errors';
import type { BuiltPlan, PlannerContext } from '../types';

type DeployIntent = Extract<
  ChangeIntent,
  { kind: 'beanstalk.deployBundle' | 'beanstalk.deployVersion' | 'beanstalk.deleteVersion' | 'beanstalk.createVersion' }
>;

export function planDeployment(_ctx: PlannerContext, _target: Target, _intent: DeployIntent): Promise<BuiltPlan> {
  return Promise.reject(
    new TrellisError({ code: 'internal', message: 'Deployments are not built yet.', retryable: false }),
  );
}
