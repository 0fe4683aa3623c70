import { describe, expect, it } from 'vitest';
import { orderOptions, secretStore, splitSettings } from '../../../src/main/services/beanstalkConfiguration';
import { platformName } from '../../../src/main/services/beanstalkEnvironments';
import { normaliseEvents } from '../../../src/main/services/beanstalkEvents';
import { summariseBundle } from '../../../src/main/services/sourceBundles';

describe('platformName', () => {
  it('prefers the solution stack name', () => {
    expect(
      platformName(
        '64bit Amazon Linux 2023 v4.3.0 running Ruby 3.3',
        'arn:aws:elasticbeanstalk:eu-west-1::platform/x/1',
      ),
    ).toBe('64bit Amazon Linux 2023 v4.3.0 running Ruby 3.3');
  });
  it('reads the platform ARN path when there is no stack name', () => {
    expect(
      platformName(
        undefined,
        'arn:aws:elasticbeanstalk:eu-west-1::platform/Node.js 20 running on 64bit Amazon Linux 2023/6.1.2',
      ),
    ).toBe('Node.js 20 running on 64bit Amazon Linux 2023 v6.1.2');
    expect(platformName(undefined, 'arn:aws:elasticbeanstalk:eu-west-1:111122223333:platform/custom-go')).toBe(
      'custom-go',
    );
    expect(platformName(undefined, undefined)).toBe('Unknown platform');
  });
});

describe('orderOptions', () => {
  it('puts the operator options first in their fixed order, then the rest by namespace and name', () => {
    const o = (namespace: string, optionName: string) => ({ namespace, optionName, value: 'v' });
    const ordered = orderOptions([
      o('aws:elb:listener', 'ListenerProtocol'),
      o('aws:ec2:vpc', 'AssociatePublicIpAddress'),
      o('aws:autoscaling:asg', 'MinSize'),
      o('aws:ec2:vpc', 'VPCId'),
      o('aws:autoscaling:launchconfiguration', 'SecurityGroups'),
      o('aws:elasticbeanstalk:environment', 'ServiceRole'),
      o('aws:autoscaling:asg', 'MaxSize'),
      o('aws:autoscaling:launchconfiguration', 'IamInstanceProfile'),
      o('aws:elasticbeanstalk:container:python', 'WSGIPath'),
      o('aws:ec2:vpc', 'Subnets'),
      o('aws:ec2:vpc', 'ELBSubnets'),
    ]);
    expect(ordered.map((x) => `${x.namespace}/${x.optionName}`)).toEqual([
      'aws:elasticbeanstalk:container:python/WSGIPath',
      'aws:autoscaling:launchconfiguration/IamInstanceProfile',
      'aws:elasticbeanstalk:environment/ServiceRole',
      'aws:autoscaling:launchconfiguration/SecurityGroups',
      'aws:ec2:vpc/VPCId',
      'aws:ec2:vpc/Subnets',
      'aws:ec2:vpc/ELBSubnets',
      'aws:ec2:vpc/AssociatePublicIpAddress',
      'aws:autoscaling:asg/MaxSize',
      'aws:autoscaling:asg/MinSize',
      'aws:elb:listener/ListenerProtocol',
    ]);
  });
});

describe('splitSettings', () => {
  const split = splitSettings([
    { Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'STRIPE_API_KEY', Value: 'sk_live_abc' },
    { Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'LOG_LEVEL', Value: 'debug' },
    { Namespace: 'aws:autoscaling:asg', OptionName: 'MaxSize', Value: '6' },
    {
      Namespace: 'aws:elasticbeanstalk:application:environmentsecrets',
      OptionName: 'PG_PASSWORD',
      Value: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:pg-AbCdEf',
    },
    {
      Namespace: 'aws:elasticbeanstalk:application:environmentsecrets',
      OptionName: 'MAPS_TOKEN',
      Value: 'arn:aws:ssm:eu-west-1:111122223333:parameter/orders/maps',
    },
  ]);

  it('keeps properties out of options and masks secret-looking values', () => {
    expect(split.options).toEqual([{ namespace: 'aws:autoscaling:asg', optionName: 'MaxSize', value: '6' }]);
    expect(split.properties).toEqual([
      { name: 'LOG_LEVEL', value: 'debug', masked: false },
      { name: 'STRIPE_API_KEY', masked: true },
    ]);
    expect(JSON.stringify(split)).not.toContain('sk_live_abc');
  });

  it('lists secret references with their store', () => {
    expect(split.secrets).toEqual([
      { name: 'MAPS_TOKEN', arn: 'arn:aws:ssm:eu-west-1:111122223333:parameter/orders/maps', store: 'ssm' },
      {
        name: 'PG_PASSWORD',
        arn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:pg-AbCdEf',
        store: 'secretsmanager',
      },
    ]);
    expect(secretStore('arn:aws-cn:ssm:cn-north-1:111122223333:parameter/x')).toBe('ssm');
    expect(secretStore('plain-text')).toBe('unknown');
  });
});

describe('normaliseEvents', () => {
  it('sorts newest first and drops exact repeats only', () => {
    const e = (sec: number, message: string, requestId?: string) => ({
      EventDate: new Date(Date.UTC(2026, 0, 1, 0, 0, sec)),
      Message: message,
      Severity: 'WARN' as const,
      RequestId: requestId,
    });
    const out = normaliseEvents([e(1, 'a', 'r1'), e(3, 'b', 'r2'), e(1, 'a', 'r1'), e(1, 'a', 'r9'), e(2, 'c')]);
    expect(out.map((x) => `${x.date.slice(17, 19)} ${x.message} ${x.requestId ?? '-'}`)).toEqual([
      '03 b r2',
      '02 c -',
      '01 a r1',
      '01 a r9',
    ]);
  });
});

describe('summariseBundle', () => {
  const entry = (path: string, isDirectory = false) => ({ path, size: 10, compressedSize: 10, isDirectory });

  it('flags an app zipped inside a folder and where its files are', () => {
    const s = summariseBundle([
      entry('web/', true),
      entry('web/wsgi.py'),
      entry('web/application.py'),
      entry('web/requirements.txt'),
      entry('tools/requirements.txt'),
      entry('__MACOSX/web/._application.py'),
      entry('README.md'),
    ]);
    expect(s.rootFolders).toEqual(['tools', 'web']);
    expect(s.hasApplicationPy).toBe(false);
    expect(s.hasRequirementsTxt).toBe(false);
    expect(s.nestedApplicationPy).toEqual(['web/application.py']);
    expect(s.nestedRequirementsTxt).toEqual(['tools/requirements.txt', 'web/requirements.txt']);
    expect(s.entries.map((x) => x.path)).not.toContain('web/');
  });

  it('recognises a well-formed bundle', () => {
    const s = summariseBundle([entry('application.py'), entry('requirements.txt'), entry('.ebextensions/01.config')]);
    expect(s).toMatchObject({ hasApplicationPy: true, hasRequirementsTxt: true, rootFolders: ['.ebextensions'] });
    expect(s.nestedApplicationPy).toEqual([]);
  });
});
