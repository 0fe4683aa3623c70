/**
 * Parameter Store writes: put (create or overwrite), delete, and restore of an
 * earlier version. SecureString values appear as `«secret sha256:…»`
 * fingerprints in everything shown or journalled (diff, step input, CLI,
 * verification, intent); only the closures that call AWS hold the value.
 */
import { DeleteParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import type { ChangeIntent, ParameterType, Target } from '../../../shared/contract';
import { TrellisError, toAppError } from '../../aws/errors';
import { fingerprint } from '../../services/secretNames';
import { readCurrent, readHistory } from '../../services/ssm';
import { cliCommand } from '../cliCommand';
import type { BuiltPlan, ExecutableStep, PlannerContext } from '../types';

type PutIntent = Extract<ChangeIntent, { kind: 'ssm.putParameter' }>;
type DeleteIntent = Extract<ChangeIntent, { kind: 'ssm.deleteParameter' }>;
type RestoreIntent = Extract<ChangeIntent, { kind: 'ssm.restoreVersion' }>;
type Current = NonNullable<Awaited<ReturnType<typeof readCurrent>>>;

/**
 * Values behind the fingerprints handed out this session, so that the undo of
 * a delete (journalled with a fingerprint only) can re-create the parameter.
 * Memory only: after a restart such an undo is blocked rather than the value
 * ever being written to disk.
 */
const heldValues = new Map<string, string>();
const FINGERPRINT = /^«secret sha256:[0-9a-f]{8}»$/;
const CLI_PLACEHOLDER = '<value>';

function hold(value: string): string {
  const fp = fingerprint(value);
  heldValues.set(fp, value);
  return fp;
}

/** What a value looks like wherever it is shown: SecureString values never as themselves. */
export function shown(type: ParameterType, value: string): string {
  return type === 'SecureString' ? fingerprint(value) : value;
}

async function scrubbed<T>(secret: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const error = toAppError(err);
    throw new TrellisError({ ...error, message: error.message.split(secret).join(fingerprint(secret)) });
  }
}

interface PutOptions {
  /** Set by restore: the plan's own title, and its intent replaces the put in what is shown. */
  readonly title?: string;
  readonly displayIntent?: ChangeIntent;
}

export async function planPutParameter(
  ctx: PlannerContext,
  target: Target,
  intent: PutIntent,
  options: PutOptions = {},
): Promise<BuiltPlan> {
  const { name, type, overwrite } = intent;
  const problems: string[] = [];
  let value = intent.value;
  if (FINGERPRINT.test(value)) {
    const held = heldValues.get(value);
    if (held === undefined) {
      problems.push(
        `The value of ${name} was held in memory only and Trellis has been restarted since; re-create the parameter by hand.`,
      );
    } else value = held;
  }
  const current = await readCurrent(ctx.aws, target, name);
  const description = intent.description ?? current?.description;
  const cliTarget = ctx.cliTarget(target, 'ssm');
  // An unresolved fingerprint stays as it is; fingerprinting it again would make it unresolvable for good.
  const shownValue = type !== 'SecureString' || problems.length ? intent.value : hold(value);

  const diff: BuiltPlan['diff'] = [];
  if (!current) {
    diff.push({ change: 'add', label: 'Value', after: shownValue });
    diff.push({ change: 'add', label: 'Type', after: type });
    if (description) diff.push({ change: 'add', label: 'Description', after: description });
  } else {
    if (current.value !== value || current.type !== type) {
      diff.push({ change: 'modify', label: 'Value', before: shown(current.type, current.value), after: shownValue });
    }
    if (current.type !== type) diff.push({ change: 'modify', label: 'Type', before: current.type, after: type });
    if (description !== current.description) {
      diff.push({
        change: 'modify',
        label: 'Description',
        before: current.description ?? '',
        after: description ?? '',
      });
    }
  }

  let blocked: string | undefined;
  if (problems.length) blocked = problems.join(' ');
  else if (current && !overwrite) {
    blocked = `Parameter ${name} already exists (version ${current.version}); choose to overwrite it to write a new version.`;
  } else if (current && diff.length === 0) {
    blocked = `Nothing to change: ${name} already has this value${type === 'SecureString' ? '' : ` (${value})`}.`;
  }

  const request = {
    Name: name,
    Type: type,
    Value: shownValue,
    Overwrite: current !== undefined,
    ...(description ? { Description: description } : {}),
    ...(intent.tier ? { Tier: intent.tier } : {}),
  };
  const step: ExecutableStep = {
    service: 'ssm',
    operation: 'PutParameter',
    input: request,
    summary: `${current ? 'Write a new version of' : 'Create'} ${name} (${type})`,
    run: () =>
      scrubbed(value, () =>
        ctx.aws.call(target, 'ssm', 'PutParameter', async (client) => {
          const out = await client.send(new PutParameterCommand({ ...request, Value: value }));
          return { requestId: out.$metadata.requestId };
        }),
      ),
    // Lets a later step's failure (in a composite) take this write back: the previous value as a new version, or no parameter.
    rollback: async () => {
      if (!current) {
        await ctx.aws.call(target, 'ssm', 'DeleteParameter', (client) =>
          client.send(new DeleteParameterCommand({ Name: name })),
        );
        return;
      }
      await scrubbed(current.value, () =>
        ctx.aws.call(target, 'ssm', 'PutParameter', (client) =>
          client.send(
            new PutParameterCommand({ Name: name, Type: current.type, Value: current.value, Overwrite: true }),
          ),
        ),
      );
    },
  };

  const putCli = cliCommand(cliTarget, 'ssm', 'put-parameter', {
    name,
    type,
    value: type === 'SecureString' ? CLI_PLACEHOLDER : value,
    description,
    tier: intent.tier,
    overwrite: current !== undefined,
  });
  return {
    ...(type === 'SecureString' || options.displayIntent
      ? { displayIntent: options.displayIntent ?? { ...intent, value: shownValue } }
      : {}),
    title: options.title ?? `${current ? 'Overwrite' : 'Create'} parameter ${name}`,
    resource: { service: 'ssm', type: 'parameter', name },
    diff,
    steps: [step],
    cli: [putCli],
    permissions: ['ssm:PutParameter', 'ssm:GetParameterHistory', ...(type === 'SecureString' ? ['kms:Encrypt'] : [])],
    risk: current
      ? {
          level: 'medium',
          note: `Anything that reads ${name} gets the new value on its next read; Elastic Beanstalk environments that use it as an environment secret pick it up on their next deployment or restart.`,
        }
      : {
          level: 'low',
          note: `Creates a new parameter; nothing reads ${name} yet unless it was configured in advance.`,
        },
    undo: current
      ? {
          intent: { kind: 'ssm.restoreVersion', name, version: current.version },
          summary: `Put back version ${current.version} of ${name}`,
          cli: [
            cliCommand(cliTarget, 'ssm', 'get-parameter-history', { name, 'with-decryption': type === 'SecureString' }),
          ],
        }
      : {
          intent: { kind: 'ssm.deleteParameter', name },
          summary: `Delete ${name}`,
          cli: [cliCommand(cliTarget, 'ssm', 'delete-parameter', { name })],
        },
    blocked,
    unchanged: !problems.length && current !== undefined && overwrite && diff.length === 0,
    verify: () => verifyPut(ctx, target, name, value, type, current),
  };
}

async function verifyPut(
  ctx: PlannerContext,
  target: Target,
  name: string,
  value: string,
  type: ParameterType,
  before: Current | undefined,
) {
  const now = await readCurrent(ctx.aws, target, name);
  if (!now) return { verified: false, detail: `${name} does not exist after the write.` };
  const bumped = now.version > (before?.version ?? 0);
  const same = fingerprint(now.value) === fingerprint(value);
  const what = type === 'SecureString' ? `value ${fingerprint(value)}` : `value ${value}`;
  return bumped && same
    ? { verified: true, detail: `${name} is at version ${now.version} with ${what}.` }
    : {
        verified: false,
        detail: `${name} is at version ${now.version}${same ? '' : ` but its value is ${shown(now.type, now.value)}, not the requested one`}.`,
      };
}

export async function planDeleteParameter(
  ctx: PlannerContext,
  target: Target,
  intent: DeleteIntent,
): Promise<BuiltPlan> {
  const { name } = intent;
  const current = await readCurrent(ctx.aws, target, name);
  const cliTarget = ctx.cliTarget(target, 'ssm');
  // The undo re-creates the parameter from the value read now; a SecureString value is held in memory only.
  const undoValue = current ? (current.type === 'SecureString' ? hold(current.value) : current.value) : '';
  const step: ExecutableStep = {
    service: 'ssm',
    operation: 'DeleteParameter',
    input: { Name: name },
    summary: `Delete ${name} and all its versions`,
    run: () =>
      ctx.aws.call(target, 'ssm', 'DeleteParameter', async (client) => {
        const out = await client.send(new DeleteParameterCommand({ Name: name }));
        return { requestId: out.$metadata.requestId };
      }),
  };
  return {
    title: `Delete parameter ${name}`,
    resource: { service: 'ssm', type: 'parameter', name },
    diff: current
      ? [{ change: 'remove', label: `${name} (${current.type}, version ${current.version})`, before: undoValue }]
      : [],
    steps: [step],
    cli: [cliCommand(cliTarget, 'ssm', 'delete-parameter', { name })],
    permissions: ['ssm:DeleteParameter', 'ssm:GetParameterHistory'],
    risk: {
      level: 'high',
      note: `Deletes ${name} with its whole history. Applications and Beanstalk environments that read it fail at their next read or deployment. Undo re-creates the current value as version 1${current?.type === 'SecureString' ? ', and only until Trellis is restarted' : ''}.`,
    },
    undo: current
      ? {
          intent: {
            kind: 'ssm.putParameter',
            name,
            type: current.type,
            value: undoValue,
            overwrite: false,
            ...(current.description ? { description: current.description } : {}),
            ...(current.tier === 'Advanced' ? { tier: 'Advanced' as const } : {}),
          },
          summary: `Re-create ${name} with its current value`,
          cli: [
            cliCommand(cliTarget, 'ssm', 'put-parameter', {
              name,
              type: current.type,
              value: current.type === 'SecureString' ? CLI_PLACEHOLDER : current.value,
              description: current.description,
            }),
          ],
        }
      : null,
    blocked: current ? undefined : `Parameter ${name} does not exist.`,
    unchanged: !current,
    verify: async () => {
      const after = await readCurrent(ctx.aws, target, name);
      return after
        ? { verified: false, detail: `${name} still exists (version ${after.version}).` }
        : { verified: true, detail: `${name} no longer exists.` };
    },
  };
}

/**
 * Writes an earlier version's value as a new version. The old value is read
 * (decrypted) now, at plan time, so the journal never has to keep it.
 */
export async function planRestoreVersion(
  ctx: PlannerContext,
  target: Target,
  intent: RestoreIntent,
): Promise<BuiltPlan> {
  const { name, version } = intent;
  const history = await readHistory(ctx.aws, target, name, true);
  const wanted = history.find((h) => h.Version === version);
  const title = `Restore version ${version} of ${name}`;
  const latestVersion = history[history.length - 1]?.Version;
  const type: ParameterType = wanted?.Type === 'SecureString' || wanted?.Type === 'StringList' ? wanted.Type : 'String';
  const plan = await planPutParameter(
    ctx,
    target,
    {
      kind: 'ssm.putParameter',
      name,
      type,
      value: wanted?.Value ?? '',
      overwrite: true,
      ...(wanted?.Description ? { description: wanted.Description } : {}),
    },
    { title, displayIntent: intent },
  );
  if (!wanted) {
    return {
      ...plan,
      unchanged: false,
      blocked: `${name} has no version ${version}${latestVersion ? ` (its versions are 1 to ${latestVersion}; the oldest may have been dropped)` : ''}.`,
    };
  }
  return plan;
}
