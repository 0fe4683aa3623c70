import { UpdateEnvironmentCommand } from '@aws-sdk/client-elastic-beanstalk';
import type { ChangeIntent, Target } from '../../../shared/contract';
import { optionOf, PROPERTIES_NAMESPACE, readConfigurationSets } from '../../services/beanstalkConfiguration';
import { TrellisError, toAppError } from '../../aws/errors';
import { fingerprint } from '../../services/secretNames';
import type { BuiltPlan, ExecutableStep, PlannerContext } from '../types';
import { metricsCostNote } from './healthReportingCost';
import {
  computeOptionChange,
  displayedRequest,
  displayValue,
  ebCli,
  isSecretOption,
  optionCliArgs,
  optionKey,
  optionLabel,
  type OptionAssignment,
  type OptionRef,
} from './beanstalkOptionChanges';

type UpdateOptionsIntent = Extract<ChangeIntent, { kind: 'beanstalk.updateOptions' }>;

/**
 * Secret values behind the fingerprints handed out this session, so that an
 * undo (whose intent is journalled with fingerprints only) can put the real
 * previous value back. Memory only: after a restart such an undo is blocked
 * rather than the value ever being written to disk.
 */
const secretValues = new Map<string, string>();
const FINGERPRINT = /^«secret sha256:[0-9a-f]{8}»$/;

function conceal(o: OptionRef, value: string): string {
  // An unresolved fingerprint stays as it is; fingerprinting it again would make it unresolvable for good.
  if (!isSecretOption(o) || FINGERPRINT.test(value)) return value;
  const fp = fingerprint(value);
  secretValues.set(fp, value);
  return fp;
}

/** A fingerprint in an intent (an undo) stands for the value it was made from, if this session still knows it. */
function resolveSecrets(set: OptionAssignment[]): { set: OptionAssignment[]; problems: string[] } {
  const problems: string[] = [];
  const resolved = set.map((o) => {
    if (!isSecretOption(o) || !FINGERPRINT.test(o.value)) return o;
    const value = secretValues.get(o.value);
    if (value === undefined) {
      problems.push(
        `The previous value of ${o.optionName} is not kept on disk, and Trellis has been restarted since; set it again by hand.`,
      );
      return o;
    }
    return { ...o, value };
  });
  return { set: resolved, problems };
}

/** AWS validation errors can quote the value they rejected; the journal records the error, so secrets are replaced first. */
export async function scrubbed<T>(set: OptionAssignment[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const error = toAppError(err);
    let message = error.message;
    for (const o of set) if (isSecretOption(o) && o.value) message = message.split(o.value).join(fingerprint(o.value));
    throw new TrellisError({ ...error, message });
  }
}

const names = (list: OptionRef[]) => list.map((o) => o.optionName).join(', ');

function titleOf(environmentName: string, set: OptionAssignment[], remove: OptionRef[]): string {
  const all = [...set, ...remove];
  if (all.length === 1) {
    const [only] = all;
    return `${set.length ? 'Set' : 'Remove'} ${only!.optionName} on ${environmentName}`;
  }
  return `Update ${all.length} options on ${environmentName}`;
}

/**
 * UpdateEnvironment with option settings and removals, previewed against the
 * configuration as it is now, with an undo that puts every value back.
 */
export async function planUpdateOptions(
  ctx: PlannerContext,
  target: Target,
  intent: UpdateOptionsIntent,
): Promise<BuiltPlan> {
  const { environmentName } = intent;
  const sets = await readConfigurationSets(ctx.aws, target, environmentName);
  const env = sets.environment;
  const current = (sets.deployed ?? sets.pending)?.OptionSettings ?? [];
  const requested = resolveSecrets(intent.set);
  const change = computeOptionChange(current.map(optionOf), requested.set, intent.remove);

  // Secrets become fingerprints in everything shown or journalled; only the closures below keep the values.
  const displayIntent: UpdateOptionsIntent = {
    ...intent,
    set: intent.set.map((o, i) => ({ ...o, value: conceal(o, requested.set[i]!.value) })),
  };
  for (const o of [...change.set, ...change.undo.set]) conceal(o, o.value);

  const problems = [...requested.problems, ...change.problems];
  let blocked: string | undefined;
  let unchanged = false;
  if (env.Status !== 'Ready')
    blocked = `Environment ${environmentName} is ${env.Status ?? 'in an unknown state'}; wait until it is Ready.`;
  else if (problems.length) blocked = problems.join(' ');
  else if (!change.set.length && !change.remove.length) {
    unchanged = true;
    const asked = [...displayIntent.set, ...intent.remove];
    blocked = asked.length
      ? `Nothing to change on ${environmentName}: ${names(asked)} already ${asked.length === 1 ? 'has the requested value' : 'have the requested values'}.`
      : `Nothing to change on ${environmentName}: no options were given.`;
  }

  const cliTarget = ctx.cliTarget(target, 'elasticbeanstalk');
  const request = displayedRequest(environmentName, change.set, change.remove);
  const step: ExecutableStep = {
    service: 'elasticbeanstalk',
    operation: 'UpdateEnvironment',
    input: request,
    summary: `Update ${change.set.length + change.remove.length} option(s) on ${environmentName}`,
    run: () =>
      scrubbed(change.set, () =>
        ctx.aws.call(target, 'elasticbeanstalk', 'UpdateEnvironment', async (client) => {
          const out = await client.send(
            new UpdateEnvironmentCommand({
              EnvironmentName: environmentName,
              ...(change.set.length
                ? {
                    OptionSettings: change.set.map((o) => ({
                      Namespace: o.namespace,
                      OptionName: o.optionName,
                      ResourceName: o.resourceName,
                      Value: o.value,
                    })),
                  }
                : {}),
              ...(change.remove.length
                ? {
                    OptionsToRemove: change.remove.map((o) => ({
                      Namespace: o.namespace,
                      OptionName: o.optionName,
                      ResourceName: o.resourceName,
                    })),
                  }
                : {}),
            }),
          );
          return { requestId: out.$metadata.requestId };
        }),
      ),
  };

  const undoSet = change.undo.set.map((o) => ({ ...o, value: displayValue(o, o.value) }));
  return {
    displayIntent,
    title: titleOf(environmentName, change.set, change.remove),
    resource: { service: 'elasticbeanstalk', type: 'environment', name: environmentName },
    diff: change.diff,
    steps: [step],
    cli: [ebCli(cliTarget, 'update-environment', environmentName, optionCliArgs(change.set, change.remove))],
    permissions: [
      'elasticbeanstalk:UpdateEnvironment',
      'elasticbeanstalk:DescribeEnvironments',
      'elasticbeanstalk:DescribeConfigurationSettings',
      'cloudformation:UpdateStack',
    ],
    risk: {
      level: 'medium',
      note: [
        `${environmentName} redeploys its configuration and may restart or replace its instances; it takes a few minutes, during which requests can fail.`,
        metricsCostNote(current.map(optionOf), change.set),
      ]
        .filter((part) => part !== undefined)
        .join(' '),
    },
    undo:
      change.undo.set.length || change.undo.remove.length
        ? {
            intent: { kind: 'beanstalk.updateOptions', environmentName, set: undoSet, remove: change.undo.remove },
            summary: `Put back the previous values of ${names([...change.undo.set, ...change.undo.remove])} on ${environmentName}`,
            cli: [
              ebCli(
                cliTarget,
                'update-environment',
                environmentName,
                optionCliArgs(change.undo.set, change.undo.remove),
              ),
            ],
          }
        : null,
    blocked,
    unchanged,
    verify: () => verifyOptions(ctx, target, environmentName, change.set, change.remove),
  };
}

async function verifyOptions(
  ctx: PlannerContext,
  target: Target,
  environmentName: string,
  set: OptionAssignment[],
  remove: OptionRef[],
) {
  const sets = await readConfigurationSets(ctx.aws, target, environmentName);
  const env = sets.environment;
  // During the update EB shows the new values in the pending set; afterwards in the deployed one.
  const settings = (sets.pending ?? sets.deployed)?.OptionSettings ?? [];
  const now = new Map<string, string | undefined>();
  for (const o of settings) {
    now.set(
      optionKey({ namespace: o.Namespace ?? '', optionName: o.OptionName ?? '', resourceName: o.ResourceName }),
      o.Value,
    );
  }
  const good: string[] = [];
  const bad: string[] = [];
  for (const o of set) {
    const value = now.get(optionKey(o));
    if (value === o.value) good.push(`${o.optionName} is ${displayValue(o, o.value)}`);
    else
      bad.push(
        `${optionLabel(o)} is ${value === undefined ? 'not set' : displayValue(o, value)} (expected ${displayValue(o, o.value)})`,
      );
  }
  for (const o of remove) {
    const value = now.get(optionKey(o));
    if (value === undefined || value === '') good.push(`${o.optionName} is removed`);
    // Environment properties have no defaults: one still listed was not removed.
    else if (o.namespace === PROPERTIES_NAMESPACE) bad.push(`${optionLabel(o)} is still set`);
    else good.push(`${o.optionName} is back to its default ${displayValue(o, value)}`);
  }
  const state = `environment is ${env.Status ?? 'in an unknown state'}`;
  return bad.length
    ? { verified: false, detail: `Re-reading the configuration shows ${bad.join('; ')}; ${state}.` }
    : { verified: true, detail: `Verified: ${good.join('; ')}; ${state}.` };
}
