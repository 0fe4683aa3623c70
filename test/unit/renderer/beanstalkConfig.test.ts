import { describe, expect, it } from 'vitest';
import type { OptionSetting } from '../../../src/shared/contract';
import {
  PROPERTIES_NAMESPACE,
  SECRETS_NAMESPACE,
  groupOptions,
  hasErrors,
  optionValueError,
  pendingChanges,
  validateProperty,
} from '../../../src/renderer/src/model/beanstalkConfig';

const opt = (namespace: string, optionName: string, value = 'x'): OptionSetting => ({ namespace, optionName, value });

describe('groupOptions', () => {
  const options = [
    opt('aws:elasticbeanstalk:container:python', 'WSGIPath', 'application.py'),
    opt('aws:autoscaling:launchconfiguration', 'IamInstanceProfile', 'aws-elasticbeanstalk-ec2-role'),
    opt('aws:elasticbeanstalk:environment', 'ServiceRole', 'aws-elasticbeanstalk-service-role'),
    opt('aws:autoscaling:launchconfiguration', 'SecurityGroups', 'sg-1'),
    opt('aws:ec2:vpc', 'VPCId', 'vpc-1'),
    opt('aws:ec2:vpc', 'Subnets', 'subnet-1,subnet-2'),
    opt('aws:autoscaling:launchconfiguration', 'InstanceType', 't3.micro'),
    opt('aws:elasticbeanstalk:environment', 'EnvironmentType', 'SingleInstance'),
    opt(PROPERTIES_NAMESPACE, 'DATABASE_HOST', 'db'),
    opt('aws:autoscaling:launchconfiguration', 'EC2KeyName', 'key'),
  ];

  it('puts key settings first in the given order, then one group per namespace in order of appearance', () => {
    const groups = groupOptions(options);
    expect(groups.map((g) => g.title)).toEqual([
      'Key settings',
      'aws:autoscaling:launchconfiguration',
      'aws:elasticbeanstalk:environment',
    ]);
    expect(groups[0]!.options.map((o) => o.optionName)).toEqual([
      'WSGIPath',
      'IamInstanceProfile',
      'ServiceRole',
      'SecurityGroups',
      'VPCId',
      'Subnets',
    ]);
    expect(groups[1]!.options.map((o) => o.optionName)).toEqual(['InstanceType', 'EC2KeyName']);
  });

  it('leaves environment properties and secrets to their own tables', () => {
    const all = groupOptions(options).flatMap((g) => g.options);
    expect(all.some((o) => o.namespace === PROPERTIES_NAMESPACE)).toBe(false);
  });

  it('has no Key settings group when none are set', () => {
    expect(groupOptions([opt('aws:ec2:instances', 'InstanceTypes')]).map((g) => g.title)).toEqual([
      'aws:ec2:instances',
    ]);
    expect(groupOptions([])).toEqual([]);
  });
});

describe('validateProperty', () => {
  const existing = ['DATABASE_HOST', 'FLASK_SECRET'];

  it('accepts a new, well-formed property', () => {
    expect(validateProperty('AWS_DEFAULT_REGION', 'us-west-2', existing)).toEqual({});
    expect(validateProperty('_private1', 'v', existing)).toEqual({});
  });

  it('explains a bad name', () => {
    expect(validateProperty('', 'v', existing).name).toMatch(/Enter a name/);
    expect(validateProperty('1ST', 'v', existing).name).toMatch(/cannot start with a digit/);
    expect(validateProperty('DATABASE-HOST', 'v', existing).name).toMatch(/letters, digits and underscores/);
    expect(validateProperty('MY VAR', 'v', existing).name).toMatch(/letters, digits and underscores/);
  });

  it('refuses a duplicate name unless it is the one being edited', () => {
    expect(validateProperty('DATABASE_HOST', 'v', existing).name).toMatch(/already set/);
    expect(validateProperty('DATABASE_HOST', 'v', existing, 'DATABASE_HOST')).toEqual({});
  });

  it('requires a value', () => {
    const errors = validateProperty('NEW_ONE', '', existing);
    expect(errors.value).toMatch(/Enter a value/);
    expect(hasErrors(errors)).toBe(true);
    expect(hasErrors({})).toBe(false);
  });

  it('checks option values too', () => {
    expect(optionValueError('  ')).toMatch(/Enter a value/);
    expect(optionValueError('FlaskApp/application.py')).toBeUndefined();
  });
});

describe('pendingChanges', () => {
  const py = 'aws:elasticbeanstalk:container:python';
  const options = [opt(py, 'WSGIPath', 'application.py'), opt('aws:autoscaling:asg', 'MaxSize', '1')];
  const properties = [
    { name: 'DATABASE_HOST', value: 'db', masked: false },
    { name: 'DATABASE_PASSWORD', masked: true },
  ];

  it('lists only the draft settings that differ from what is deployed', () => {
    const draft = [
      opt(py, 'WSGIPath', 'FlaskApp/application.py'),
      opt('aws:autoscaling:asg', 'MaxSize', '1'),
      opt(PROPERTIES_NAMESPACE, 'DATABASE_HOST', 'db'),
      { namespace: PROPERTIES_NAMESPACE, optionName: 'DATABASE_PASSWORD' },
      opt(PROPERTIES_NAMESPACE, 'AWS_DEFAULT_REGION', 'us-west-2'),
    ];
    expect(pendingChanges(options, properties, draft)).toEqual([
      { namespace: py, optionName: 'WSGIPath', before: 'application.py', after: 'FlaskApp/application.py' },
      { namespace: PROPERTIES_NAMESPACE, optionName: 'AWS_DEFAULT_REGION', before: undefined, after: 'us-west-2' },
    ]);
  });

  it('compares secrets with the deployed secret references', () => {
    const arn = 'arn:aws:ssm:us-east-1:123456789012:parameter/app/RDS_PASSWORD';
    const secrets = [{ name: 'RDS_PASSWORD', arn }];
    const props = [
      opt(PROPERTIES_NAMESPACE, 'DATABASE_HOST', 'db'),
      { namespace: PROPERTIES_NAMESPACE, optionName: 'DATABASE_PASSWORD' },
    ];
    expect(
      pendingChanges(options, properties, [...props, opt(SECRETS_NAMESPACE, 'RDS_PASSWORD', arn)], secrets),
    ).toEqual([]);
    expect(
      pendingChanges(options, properties, [...props, opt(SECRETS_NAMESPACE, 'RDS_PASSWORD', `${arn}2`)], secrets),
    ).toEqual([{ namespace: SECRETS_NAMESPACE, optionName: 'RDS_PASSWORD', before: arn, after: `${arn}2` }]);
    expect(pendingChanges(options, properties, props, secrets)).toEqual([
      { namespace: SECRETS_NAMESPACE, optionName: 'RDS_PASSWORD', before: arn, after: undefined },
    ]);
  });

  it('reports a property the draft no longer names as removed', () => {
    const draft = [opt(py, 'WSGIPath', 'application.py'), opt(PROPERTIES_NAMESPACE, 'DATABASE_HOST', 'db')];
    expect(pendingChanges(options, properties, draft)).toEqual([
      { namespace: PROPERTIES_NAMESPACE, optionName: 'DATABASE_PASSWORD', before: undefined, after: undefined },
    ]);
  });

  it('is empty without a draft', () => {
    expect(pendingChanges(options, properties, undefined)).toEqual([]);
    expect(pendingChanges(options, properties, [])).toEqual([]);
  });
});
