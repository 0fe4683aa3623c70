import { RebuildEnvironmentCommand, RestartAppServerCommand } from '@aws-sdk/client-elastic-beanstalk';
import type { ChangeIntent, Target } from '../../../shared/contract';
import { describeEnvironment } from '../../services/beanstalkEnvironments';
import type { BuiltPlan, PlannerContext } from '../types';
import { ebCli } from './beanstalkOptionChanges';

type ActionIntent = Extract<ChangeIntent, { kind: 'beanstalk.restartAppServer' | 'beanstalk.rebuild' }>;

const ACTIONS = {
  'beanstalk.restartAppServer': {
    operation: 'RestartAppServer',
    cli: 'restart-app-server',
    verb: 'Restart the app server on',
    risk: {
      level: 'low',
      note: 'Restarts the web server process on every instance; requests in flight may fail for a few seconds. Instances are kept.',
    },
    // Accepted restarts show as Updating for a moment, then Ready again.
    settled: new Set(['Updating', 'Ready']),
  },
  'beanstalk.rebuild': {
    operation: 'RebuildEnvironment',
    cli: 'rebuild-environment',
    verb: 'Rebuild',
    risk: {
      level: 'high',
      note: 'Terminates and replaces every instance and recreates the environment resources; the environment is unavailable for several minutes, and anything stored on the instances is lost.',
    },
    settled: new Set(['Launching', 'Updating', 'Ready']),
  },
} as const;

/** Restart or rebuild: operations with no inverse, so the preview says plainly that there is no undo. */
export async function planEnvironmentAction(
  ctx: PlannerContext,
  target: Target,
  intent: ActionIntent,
): Promise<BuiltPlan> {
  const { environmentName } = intent;
  const action = ACTIONS[intent.kind];
  const env = await describeEnvironment(ctx.aws, target, environmentName);
  const blocked =
    env.Status === 'Ready'
      ? undefined
      : `Environment ${environmentName} is ${env.Status ?? 'in an unknown state'}; wait until it is Ready.`;
  return {
    title: `${action.verb} ${environmentName}`,
    resource: { service: 'elasticbeanstalk', type: 'environment', name: environmentName },
    diff: [{ change: 'modify', label: 'Environment status', before: env.Status ?? 'Unknown', after: 'Updating' }],
    steps: [
      {
        service: 'elasticbeanstalk',
        operation: action.operation,
        input: { EnvironmentName: environmentName },
        summary: `${action.verb} ${environmentName}`,
        run: () =>
          ctx.aws.call(target, 'elasticbeanstalk', action.operation, async (client) => {
            const out =
              intent.kind === 'beanstalk.rebuild'
                ? await client.send(new RebuildEnvironmentCommand({ EnvironmentName: environmentName }))
                : await client.send(new RestartAppServerCommand({ EnvironmentName: environmentName }));
            return { requestId: out.$metadata.requestId };
          }),
      },
    ],
    cli: [ebCli(ctx.cliTarget(target, 'elasticbeanstalk'), action.cli, environmentName)],
    permissions: [`elasticbeanstalk:${action.operation}`, 'elasticbeanstalk:DescribeEnvironments'],
    risk: { level: action.risk.level, note: action.risk.note },
    undo: null,
    blocked,
    async verify() {
      const after = await describeEnvironment(ctx.aws, target, environmentName);
      const status = after.Status ?? 'Unknown';
      const state = `${environmentName} is ${status}, health ${after.Health ?? 'unknown'}`;
      return (action.settled as ReadonlySet<string>).has(status)
        ? { verified: true, detail: `Verified: ${action.operation} was accepted; ${state}.` }
        : { verified: false, detail: `After ${action.operation}, ${state}.` };
    },
  };
}
