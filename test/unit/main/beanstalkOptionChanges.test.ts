import { describe, expect, it } from 'vitest';
import { computeOptionChange, ebCli, optionCliArgs } from '../../../src/main/changes/planners/beanstalkOptionChanges';

const ENV_NS = 'aws:elasticbeanstalk:application:environment';
const ASG = 'aws:autoscaling:asg';
const NODE = 'aws:elasticbeanstalk:container:nodejs';

const current = [
  { namespace: ASG, optionName: 'MaxSize', value: '4' },
  { namespace: ASG, optionName: 'MinSize', value: '1' },
  { namespace: NODE, optionName: 'NodeCommand', value: 'npm start' },
  { namespace: ENV_NS, optionName: 'STRIPE_API_KEY', value: 'sk_live_old' },
  { namespace: ENV_NS, optionName: 'LOG_LEVEL', value: 'info' },
  // Listed but without a value: not set.
  { namespace: NODE, optionName: 'ProxyServer' },
];

/** Applies an option change to a configuration, the way EB does. */
function applyTo(
  config: { namespace: string; optionName: string; value?: string }[],
  set: { namespace: string; optionName: string; value: string }[],
  remove: { namespace: string; optionName: string }[],
) {
  const k = (o: { namespace: string; optionName: string }) => `${o.namespace}|${o.optionName}`;
  const out = new Map(config.filter((o) => o.value !== undefined).map((o) => [k(o), o.value]));
  for (const o of remove) out.delete(k(o));
  for (const o of set) out.set(k(o), o.value);
  return out;
}

describe('computeOptionChange', () => {
  const change = computeOptionChange(
    current,
    [
      { namespace: ASG, optionName: 'MaxSize', value: '8' },
      { namespace: ASG, optionName: 'MinSize', value: '1' },
      { namespace: ENV_NS, optionName: 'STRIPE_API_KEY', value: 'sk_live_new' },
      { namespace: ENV_NS, optionName: 'FEATURE_FLAGS', value: 'a,b' },
      { namespace: NODE, optionName: 'ProxyServer', value: 'nginx' },
    ],
    [{ namespace: ENV_NS, optionName: 'LOG_LEVEL' }],
  );

  it('diffs each option as add, modify or remove, skipping unchanged ones', () => {
    expect(change.problems).toEqual([]);
    expect(change.diff).toEqual([
      { change: 'modify', label: `${ASG}: MaxSize`, before: '4', after: '8' },
      {
        change: 'modify',
        label: `${ENV_NS}: STRIPE_API_KEY`,
        before: expect.stringMatching(/^«secret sha256:[0-9a-f]{8}»$/),
        after: expect.stringMatching(/^«secret sha256:[0-9a-f]{8}»$/),
      },
      { change: 'add', label: `${ENV_NS}: FEATURE_FLAGS`, after: 'a,b' },
      { change: 'add', label: `${NODE}: ProxyServer`, after: 'nginx' },
      { change: 'remove', label: `${ENV_NS}: LOG_LEVEL`, before: 'info' },
    ]);
    expect(change.set.map((o) => o.optionName)).toEqual(['MaxSize', 'STRIPE_API_KEY', 'FEATURE_FLAGS', 'ProxyServer']);
    expect(JSON.stringify(change.diff)).not.toMatch(/sk_live/);
  });

  it('has an undo that restores the configuration exactly', () => {
    const before = applyTo(current, [], []);
    const after = applyTo(current, change.set, change.remove);
    expect(after).not.toEqual(before);
    const undone = applyTo(
      [...after].map(([k, value]) => {
        const [namespace, optionName] = k.split('|') as [string, string];
        return { namespace, optionName, value };
      }),
      change.undo.set,
      change.undo.remove,
    );
    expect(undone).toEqual(before);
    expect(change.undo.set).toEqual([
      { namespace: ASG, optionName: 'MaxSize', value: '4' },
      { namespace: ENV_NS, optionName: 'STRIPE_API_KEY', value: 'sk_live_old' },
      { namespace: ENV_NS, optionName: 'LOG_LEVEL', value: 'info' },
    ]);
    expect(change.undo.remove).toEqual([
      { namespace: ENV_NS, optionName: 'FEATURE_FLAGS' },
      { namespace: NODE, optionName: 'ProxyServer' },
    ]);
  });

  it('reports removals of options that are not set and contradictions', () => {
    const bad = computeOptionChange(
      current,
      [{ namespace: ASG, optionName: 'MaxSize', value: '2' }],
      [
        { namespace: ASG, optionName: 'MaxSize' },
        { namespace: NODE, optionName: 'ProxyServer' },
      ],
    );
    expect(bad.problems).toEqual([
      `${ASG}: MaxSize is both set and removed in one change.`,
      `${NODE}: ProxyServer is not set, so it cannot be removed.`,
    ]);
  });

  it('changes nothing when every value is already as asked', () => {
    const none = computeOptionChange(current, [{ namespace: ASG, optionName: 'MinSize', value: '1' }], []);
    expect(none).toMatchObject({ set: [], remove: [], diff: [], problems: [] });
  });
});

describe('CLI rendering', () => {
  it('renders quoted shorthand entries with secrets as placeholders', () => {
    const args = optionCliArgs(
      [
        { namespace: ASG, optionName: 'MaxSize', value: '8' },
        { namespace: ENV_NS, optionName: 'STRIPE_API_KEY', value: 'sk_live_new' },
        { namespace: 'aws:ec2:vpc', optionName: 'Subnets', value: 'subnet-1,subnet-2' },
      ],
      [{ namespace: ENV_NS, optionName: 'LOG_LEVEL' }],
    );
    expect(args).toBe(
      `--option-settings 'Namespace=${ASG},OptionName=MaxSize,Value=8' ` +
        `'Namespace=${ENV_NS},OptionName=STRIPE_API_KEY,Value=<value>' ` +
        `'Namespace=aws:ec2:vpc,OptionName=Subnets,Value="subnet-1,subnet-2"' ` +
        `--options-to-remove 'Namespace=${ENV_NS},OptionName=LOG_LEVEL'`,
    );
  });

  it('places the option arguments before the profile, region and endpoint', () => {
    const cli = ebCli(
      { region: 'eu-west-1', profile: 'ops team', endpoint: 'http://127.0.0.1:4566' },
      'update-environment',
      'orders-api-prod',
      "--option-settings 'X=1'",
    );
    expect(cli).toBe(
      "aws elasticbeanstalk update-environment --environment-name orders-api-prod --option-settings 'X=1' --profile 'ops team' --region eu-west-1 --endpoint-url http://127.0.0.1:4566",
    );
    expect(ebCli({ region: 'eu-west-1', envPrefix: 'A=b' }, 'rebuild-environment', 'orders-api-prod')).toBe(
      'A=b aws elasticbeanstalk rebuild-environment --environment-name orders-api-prod --region eu-west-1',
    );
  });
});
