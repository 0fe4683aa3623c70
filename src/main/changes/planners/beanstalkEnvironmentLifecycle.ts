/**
 * Creating and terminating whole environments. Moving an environment into
 * another VPC (catalogue F4) cannot be done in place, so the fix is a new
 * environment beside the old one, and terminating the old one is a separate,
 * deliberate change.
 */
import {
  CreateEnvironmentCommand,
  DescribeEnvironmentsCommand,
  TerminateEnvironmentCommand,
  type EnvironmentDescription,
} from '@aws-sdk/client-elastic-beanstalk';
import type { ChangeIntent, Target } from '../../../shared/contract';
import { TrellisError } from '../../aws/errors';
import { describeEnvironments } from '../../services/beanstalkEnvironments';
import { shellQuote } from '../cliCommand';
import type { BuiltPlan, PlannerContext } from '../types';
import { displayValue, ebCli, optionCliArgs, optionLabel } from './beanstalkOptionChanges';
import { scrubbed } from './beanstalkOptions';

type CreateIntent = Extract<ChangeIntent, { kind: 'beanstalk.createEnvironment' }>;
type TerminateIntent = Extract<ChangeIntent, { kind: 'beanstalk.terminateEnvironment' }>;

const LAUNCHED = new Set(['Launching', 'Ready']);
const ENDING = new Set(['Terminating', 'Terminated']);

/** The newest environment of that name, terminated ones included (EB keeps them visible for about an hour). */
async function latestByName(
  ctx: PlannerContext,
  target: Target,
  environmentName: string,
): Promise<EnvironmentDescription | undefined> {
  const all = await ctx.aws.call(target, 'elasticbeanstalk', 'DescribeEnvironments', async (c) => {
    const out = await c.send(
      new DescribeEnvironmentsCommand({ EnvironmentNames: [environmentName], IncludeDeleted: true }),
    );
    return out.Environments ?? [];
  });
  return all
    .filter((e) => e.EnvironmentName === environmentName)
    .sort((a, b) => (b.DateCreated?.getTime() ?? 0) - (a.DateCreated?.getTime() ?? 0))[0];
}

/** `--application-name X --version-label Y ...` in the order a person would type them. */
function createArgs(intent: CreateIntent): string {
  const args: [string, string | undefined][] = [
    ['application-name', intent.applicationName],
    ['version-label', intent.versionLabel],
    ['solution-stack-name', intent.solutionStackName],
    ['platform-arn', intent.platformArn],
    ['cname-prefix', intent.cnamePrefix],
    ['description', intent.description],
  ];
  const parts = args.filter(([, v]) => v !== undefined).map(([k, v]) => `--${k} ${shellQuote(v!)}`);
  const options = optionCliArgs(intent.optionSettings, []);
  return [...parts, ...(options ? [options] : [])].join(' ');
}

export async function planCreateEnvironment(
  ctx: PlannerContext,
  target: Target,
  intent: CreateIntent,
): Promise<BuiltPlan> {
  if ((intent.solutionStackName === undefined) === (intent.platformArn === undefined)) {
    throw new TrellisError({
      code: 'validation',
      message: 'Give exactly one of a solution stack name or a platform ARN for the new environment.',
      retryable: false,
    });
  }
  const { environmentName, applicationName } = intent;
  const live = await describeEnvironments(ctx.aws, target, { environmentNames: [environmentName] });
  const taken = live.find((e) => e.EnvironmentName === environmentName);
  const settings = intent.optionSettings;
  const shownSettings = settings.map((o) => ({ ...o, value: displayValue(o, o.value) }));
  const displayIntent: CreateIntent = { ...intent, optionSettings: shownSettings };
  const cliTarget = ctx.cliTarget(target, 'elasticbeanstalk');
  const platform = intent.solutionStackName ?? intent.platformArn!;

  const request = {
    ApplicationName: applicationName,
    EnvironmentName: environmentName,
    VersionLabel: intent.versionLabel,
    ...(intent.solutionStackName ? { SolutionStackName: intent.solutionStackName } : {}),
    ...(intent.platformArn ? { PlatformArn: intent.platformArn } : {}),
    ...(intent.cnamePrefix ? { CNAMEPrefix: intent.cnamePrefix } : {}),
    ...(intent.description ? { Description: intent.description } : {}),
  };
  const sdkSettings = (list: typeof settings) =>
    list.map((o) => ({
      Namespace: o.namespace,
      OptionName: o.optionName,
      ...(o.resourceName ? { ResourceName: o.resourceName } : {}),
      Value: o.value,
    }));

  const replaces = intent.replaces
    ? ` It replaces ${intent.replaces}, which keeps running until you terminate it.`
    : '';
  return {
    displayIntent,
    title: `Create environment ${environmentName}${intent.replaces ? ` to replace ${intent.replaces}` : ''}`,
    resource: { service: 'elasticbeanstalk', type: 'environment', name: environmentName },
    diff: [
      { change: 'add', label: 'Environment', after: `${environmentName} in ${applicationName}` },
      { change: 'add', label: 'Application version', after: intent.versionLabel },
      { change: 'add', label: 'Platform', after: platform },
      ...(intent.replaces
        ? [{ change: 'modify' as const, label: 'Replaces', before: intent.replaces, after: environmentName }]
        : []),
      ...settings.map((o) => ({ change: 'add' as const, label: optionLabel(o), after: displayValue(o, o.value) })),
    ],
    steps: [
      {
        service: 'elasticbeanstalk',
        operation: 'CreateEnvironment',
        input: { ...request, ...(settings.length ? { OptionSettings: sdkSettings(shownSettings) } : {}) },
        summary: `Create environment ${environmentName} running ${intent.versionLabel}`,
        run: () =>
          scrubbed(settings, () =>
            ctx.aws.call(target, 'elasticbeanstalk', 'CreateEnvironment', async (c) => {
              const out = await c.send(
                new CreateEnvironmentCommand({
                  ...request,
                  ...(settings.length ? { OptionSettings: sdkSettings(settings) } : {}),
                }),
              );
              return { requestId: out.$metadata.requestId };
            }),
          ),
        rollback: async () => {
          await ctx.aws.call(target, 'elasticbeanstalk', 'TerminateEnvironment', (c) =>
            c.send(new TerminateEnvironmentCommand({ EnvironmentName: environmentName })),
          );
        },
      },
    ],
    cli: [ebCli(cliTarget, 'create-environment', environmentName, createArgs(intent))],
    permissions: [
      'elasticbeanstalk:CreateEnvironment',
      'elasticbeanstalk:DescribeEnvironments',
      'cloudformation:CreateStack',
      'ec2:RunInstances',
      'autoscaling:CreateAutoScalingGroup',
      'iam:PassRole',
      's3:GetObject',
    ],
    risk: {
      level: 'medium',
      note: `This creates a new environment ${environmentName} with new instances (and a new URL), which run and cost money from now on; it takes several minutes to launch.${replaces}`,
    },
    undo: {
      intent: { kind: 'beanstalk.terminateEnvironment', environmentName },
      summary: `Terminate the new environment ${environmentName}`,
      cli: [ebCli(cliTarget, 'terminate-environment', environmentName)],
    },
    blocked: taken
      ? `An environment named ${environmentName} already exists (${taken.Status ?? 'status unknown'}, in ${taken.ApplicationName ?? 'another application'}); pick another name.`
      : undefined,
    async verify() {
      const now = await latestByName(ctx, target, environmentName);
      const status = now?.Status ?? 'missing';
      return now && LAUNCHED.has(status)
        ? { verified: true, detail: `Verified: ${environmentName} exists and is ${status}.` }
        : { verified: false, detail: `Re-reading shows ${environmentName} ${now ? `as ${status}` : 'missing'}.` };
    },
  };
}

export async function planTerminateEnvironment(
  ctx: PlannerContext,
  target: Target,
  intent: TerminateIntent,
): Promise<BuiltPlan> {
  const { environmentName } = intent;
  const env = await latestByName(ctx, target, environmentName);
  const status = env?.Status;
  let blocked: string | undefined;
  if (!env) blocked = `No environment named ${environmentName} in ${target.region}.`;
  else if (ENDING.has(status ?? '')) blocked = `Environment ${environmentName} is already ${status}.`;
  const cliTarget = ctx.cliTarget(target, 'elasticbeanstalk');
  return {
    title: `Terminate environment ${environmentName}`,
    resource: { service: 'elasticbeanstalk', type: 'environment', name: environmentName },
    diff: [{ change: 'modify', label: 'Environment status', before: status ?? 'not found', after: 'Terminated' }],
    steps: [
      {
        service: 'elasticbeanstalk',
        operation: 'TerminateEnvironment',
        input: { EnvironmentName: environmentName },
        summary: `Terminate ${environmentName} and its resources`,
        run: () =>
          ctx.aws.call(target, 'elasticbeanstalk', 'TerminateEnvironment', async (c) => {
            const out = await c.send(new TerminateEnvironmentCommand({ EnvironmentName: environmentName }));
            return { requestId: out.$metadata.requestId };
          }),
      },
    ],
    cli: [ebCli(cliTarget, 'terminate-environment', environmentName)],
    permissions: [
      'elasticbeanstalk:TerminateEnvironment',
      'elasticbeanstalk:DescribeEnvironments',
      'cloudformation:DeleteStack',
      'ec2:TerminateInstances',
    ],
    risk: {
      level: 'high',
      note: `Terminates every instance of ${environmentName} and deletes its load balancer, security groups and URL; anything stored on the instances is lost. Terminated environments cannot be restored; recreate it from its saved configuration.`,
    },
    undo: null,
    blocked,
    unchanged: ENDING.has(status ?? ''),
    async verify() {
      const now = await latestByName(ctx, target, environmentName);
      const after = now?.Status ?? 'Terminated';
      return ENDING.has(after)
        ? { verified: true, detail: `Verified: ${environmentName} is ${after}.` }
        : { verified: false, detail: `Re-reading shows ${environmentName} as ${after}.` };
    },
  };
}
