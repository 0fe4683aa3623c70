import { describe, expect, it } from 'vitest';
import {
  describePrincipalArn,
  meaningOf,
  parseText,
  ruleOf,
  toParsedTextMatch,
  type ParsedText,
} from '../../../src/main/diagnostics/text/patterns';

function only(text: string): ParsedText {
  const parsed = parseText(text);
  expect(parsed).toHaveLength(1);
  return parsed[0] as ParsedText;
}

describe('access denied', () => {
  it('reads the seed 004 event with the API prefix', () => {
    const text =
      'Creating Auto Scaling launch configuration failed Reason: API: autoscaling:CreateLaunchConfiguration User: arn:aws:iam::570589970431:user/edXProjectUser3 is not authorized to perform: autoscaling:CreateLaunchConfiguration';
    const p = only(text);
    expect(p).toEqual({
      kind: 'access-denied',
      principalArn: 'arn:aws:iam::570589970431:user/edXProjectUser3',
      principalType: 'user',
      principalName: 'edXProjectUser3',
      account: '570589970431',
      action: 'autoscaling:CreateLaunchConfiguration',
      match:
        'API: autoscaling:CreateLaunchConfiguration User: arn:aws:iam::570589970431:user/edXProjectUser3 is not authorized to perform: autoscaling:CreateLaunchConfiguration',
    });
    expect(ruleOf(p)).toBe('F2');
  });

  it('reads the seed 004 note without a colon or an ARN', () => {
    const p = only(
      'NOTE: I tried to create an Elastic Beanstalk application but got an error that user edXProjectUser3 is not authorized to perform elasticbeanstalk:CreateApplication.',
    );
    expect(p).toMatchObject({
      kind: 'access-denied',
      principalArn: '',
      principalType: 'user',
      principalName: 'edXProjectUser3',
      account: '',
      action: 'elasticbeanstalk:CreateApplication',
    });
    expect(p).not.toHaveProperty('resource');
  });

  it('reads an assumed role in another partition with a quoted resource and the because clause', () => {
    const p = only(
      'User: arn:aws-cn:sts::111122223333:assumed-role/app-role/i-0abc123 is not authorized to perform: s3:GetObject on resource: "arn:aws-cn:s3:::photos/key.jpg" because no identity-based policy allows the s3:GetObject action',
    );
    expect(p).toMatchObject({
      kind: 'access-denied',
      principalArn: 'arn:aws-cn:sts::111122223333:assumed-role/app-role/i-0abc123',
      principalType: 'assumed-role',
      principalName: 'app-role',
      sessionName: 'i-0abc123',
      account: '111122223333',
      action: 's3:GetObject',
      resource: 'arn:aws-cn:s3:::photos/key.jpg',
    });
    expect(p.match.endsWith('allows the s3:GetObject action')).toBe(true);
  });

  it('reads a user path, an unquoted resource and an explicit deny', () => {
    const p = only(
      'An error occurred (AccessDeniedException): User: arn:aws-us-gov:iam::444455556666:user/division/ops/alice is not authorized to perform: ssm:GetParameter on resource: arn:aws-us-gov:ssm:us-gov-west-1:444455556666:parameter/app/db with an explicit deny in an identity-based policy',
    );
    expect(p).toMatchObject({
      principalType: 'user',
      principalName: 'alice',
      account: '444455556666',
      action: 'ssm:GetParameter',
      resource: 'arn:aws-us-gov:ssm:us-gov-west-1:444455556666:parameter/app/db',
    });
  });

  it('reads a role with a path and the root user; trims a final full stop', () => {
    const [role, root] = parseText(
      'User: arn:aws:iam::111122223333:role/service/deployer is not authorized to perform: iam:PassRole on resource: arn:aws:iam::111122223333:role/web.\n' +
        'User: arn:aws:iam::111122223333:root is not authorized to perform: es:ESHttpGet',
    );
    expect(role).toMatchObject({
      principalType: 'role',
      principalName: 'deployer',
      action: 'iam:PassRole',
      resource: 'arn:aws:iam::111122223333:role/web',
    });
    expect(root).toMatchObject({ principalType: 'root', principalName: 'root', action: 'es:ESHttpGet' });
    expect(meaningOf(root as ParsedText)).toContain('root user of account 111122223333');
  });

  it('describes other principal ARNs', () => {
    expect(describePrincipalArn('arn:aws:sts::111122223333:federated-user/bob')).toEqual({
      principalType: 'other',
      principalName: 'bob',
      account: '111122223333',
    });
  });
});

describe('deploy and start-up texts', () => {
  it('reads the WSGIPath event and gunicorn failures', () => {
    expect(only('ERROR Your WSGIPath refers to a file that does not exist.')).toEqual({
      kind: 'wsgi-path-missing',
      match: 'Your WSGIPath refers to a file that does not exist.',
    });
    const g = only("gunicorn.errors.AppImportError: Failed to find attribute 'app' in 'wsgi'.");
    expect(g.kind).toBe('wsgi-path-missing');
    expect(only("Failed to find application object 'create_app()' in 'application'").kind).toBe('wsgi-path-missing');
    expect(ruleOf(g)).toBe('F3');
  });

  it('reads the AL2 health cause', () => {
    const p = only('Following services are not running: web.');
    expect(p.kind).toBe('web-not-running');
    expect(ruleOf(p)).toBe('F3');
    expect(only('Severe: Following services are not running: web').kind).toBe('web-not-running');
  });

  it('reads NoRegionError with and without the module path', () => {
    const seed =
      '[Sun Jul 15 01:48:17.460386 2018] [:error] [pid 2855] [remote 68.196.31.5:172] botocore.exceptions.NoRegionError: You must specify a region.';
    expect(only(seed)).toEqual({
      kind: 'no-region',
      match: 'botocore.exceptions.NoRegionError: You must specify a region.',
    });
    expect(only('raise NoRegionError()').kind).toBe('no-region');
    expect(ruleOf(only('You must specify a region.'))).toBe('F7');
  });

  it('reads missing modules in Python 3 and 2 forms', () => {
    const [a, b] = parseText(
      "[Sat Jul 14 22:03:37.528007 2018] [:error] [pid 2666] [remote 68.196.31.5:28160] ModuleNotFoundError: No module named 'requests'\nImportError: No module named flask_sqlalchemy",
    );
    expect(a).toEqual({
      kind: 'module-not-found',
      module: 'requests',
      match: "ModuleNotFoundError: No module named 'requests'",
    });
    expect(b).toMatchObject({ kind: 'module-not-found', module: 'flask_sqlalchemy' });
    expect(ruleOf(a as ParsedText)).toBe('F15');
  });

  it('reads missing properties from KeyError and from a message listing them', () => {
    const [k, m] = parseText(
      '  File "app.py", line 9\nKeyError: \'DATABASE_HOST\'\nError: missing environment properties DATABASE_USER, DATABASE_PASSWORD and FLASK_SECRET.',
    );
    expect(k).toEqual({ kind: 'missing-properties', names: ['DATABASE_HOST'], match: "KeyError: 'DATABASE_HOST'" });
    expect(m).toMatchObject({
      kind: 'missing-properties',
      names: ['DATABASE_USER', 'DATABASE_PASSWORD', 'FLASK_SECRET'],
    });
    expect(only('missing environment property ORDERS_API_URL').kind).toBe('missing-properties');
    expect(ruleOf(k as ParsedText)).toBe('F8');
    // Ordinary lower-case dict keys are not environment properties.
    expect(parseText("KeyError: 'user_id'")).toEqual([]);
  });
});

describe('database connection texts', () => {
  it('reads the seed 004 MySQL line, cut before the closing quote', () => {
    const p = only(
      "[Sat Jul 14 23:50:28.361525 2018] [:error] [pid 4911] [remote 68.196.31.5:168] mysql.connector.errors.InterfaceError: 2003: Can't connect to MySQL server on 'edx-photos-db.ccd69a3v",
    );
    expect(p).toMatchObject({ kind: 'mysql-connect', host: 'edx-photos-db.ccd69a3v', code: '2003' });
    expect(p).not.toHaveProperty('port');
    expect(ruleOf(p)).toBe('F5');
  });

  it('reads host:port and the trailing reasons', () => {
    expect(
      only(
        "mysql.connector.errors.InterfaceError: 2003: Can't connect to MySQL server on 'orders.abc.eu-west-1.rds.amazonaws.com:3307' (110 Connection timed out)",
      ),
    ).toMatchObject({ host: 'orders.abc.eu-west-1.rds.amazonaws.com', port: 3307, code: '2003' });
    const py = only(
      `pymysql.err.OperationalError: (2003, "Can't connect to MySQL server on 'shop-db.xyz.rds.amazonaws.com' ([Errno 110] Connection timed out)")`,
    );
    expect(py).toMatchObject({ host: 'shop-db.xyz.rds.amazonaws.com', code: '2003' });
    expect(py.match).toContain('[Errno 110] Connection timed out');
    expect(only("ERROR 2003 (HY000): Can't connect to MySQL server on 'db.internal:3306' (111)")).toMatchObject({
      host: 'db.internal',
      port: 3306,
    });
  });

  it('reads psycopg2 and plain libpq timeouts', () => {
    const old = only(
      'psycopg2.OperationalError: could not connect to server: Connection timed out\n\tIs the server running on host "ledger.cluster.eu-west-1.rds.amazonaws.com" (10.0.1.5) and accepting\n\tTCP/IP connections on port 6543?',
    );
    expect(old).toMatchObject({
      kind: 'postgres-connect',
      host: 'ledger.cluster.eu-west-1.rds.amazonaws.com',
      port: 6543,
    });
    expect(only('could not connect to server: Connection timed out')).toEqual({
      kind: 'postgres-connect',
      match: 'could not connect to server: Connection timed out',
    });
  });

  it('reads the libpq 14 wording', () => {
    const p = only(
      'psql: error: connection to server at "pg.internal" (10.1.2.3), port 6543 failed: Connection timed out',
    );
    expect(p).toMatchObject({ kind: 'postgres-connect', host: 'pg.internal', port: 6543 });
    expect(ruleOf(p)).toBe('F5');
    expect(meaningOf(p)).toContain('pg.internal on port 6543');
  });
});

describe('role, profile, secrets and security-group texts', () => {
  it('reads Unable to assume role in both partitions', () => {
    const p = only(
      'Unable to assume role "arn:aws:iam::111122223333:role/aws-elasticbeanstalk-ec2-role". Verify that the role exists and is configured correctly.',
    );
    expect(p).toMatchObject({
      kind: 'assume-role-failed',
      roleArn: 'arn:aws:iam::111122223333:role/aws-elasticbeanstalk-ec2-role',
      roleName: 'aws-elasticbeanstalk-ec2-role',
    });
    expect(p.match.endsWith('configured correctly.')).toBe(true);
    expect(only('Unable to assume role "arn:aws-cn:iam::444455556666:role/eb/custom-service".')).toMatchObject({
      roleName: 'custom-service',
    });
    expect(ruleOf(p)).toBe('F16');
  });

  it('reads a missing instance profile', () => {
    expect(only('The instance profile shop-web-profile associated with the environment does not exist.')).toMatchObject(
      {
        kind: 'instance-profile-missing',
        profileName: 'shop-web-profile',
      },
    );
    const ec2 = only(
      'Value (orders-ec2-role) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name',
    );
    expect(ec2).toMatchObject({ profileName: 'orders-ec2-role' });
    expect(ruleOf(ec2)).toBe('F16');
  });

  it('reads SSM and environmentsecrets failures', () => {
    const ssm = only(
      'An error occurred (ParameterNotFound) when calling the GetParameter operation: Parameter /shop/db/password not found.',
    );
    expect(ssm.kind).toBe('secrets-fetch-failed');
    expect(ssm).not.toHaveProperty('arn');
    const eb = only(
      'Instance deployment failed to get one or more secrets: arn:aws:ssm:eu-west-1:111122223333:parameter/shop/db/password.',
    );
    expect(eb).toMatchObject({
      kind: 'secrets-fetch-failed',
      arn: 'arn:aws:ssm:eu-west-1:111122223333:parameter/shop/db/password',
    });
    expect(ruleOf(eb)).toBe('F10');
  });

  it('reads invalid security groups', () => {
    const name = only(
      "Configuration validation exception: The security group 'custom_eb_asg' does not exist in VPC 'vpc-0abc1234'",
    );
    expect(name).toMatchObject({ kind: 'security-group-invalid', value: 'custom_eb_asg' });
    expect(only("The security group 'Web-SG' does not exist")).toMatchObject({ value: 'Web-SG' });
    const net = only('Security group sg-0123abcd4567 and subnet subnet-0aa11bb2 belong to different networks.');
    expect(net).toMatchObject({ kind: 'security-group-invalid', value: 'sg-0123abcd4567' });
    expect(ruleOf(net)).toBe('F12');
  });
});

describe('a mixed blob', () => {
  it('returns every match in order, once each', () => {
    const blob = [
      '2024-01-02 ERROR Your WSGIPath refers to a file that does not exist.',
      "2024-01-02 ModuleNotFoundError: No module named 'boto3'",
      'botocore.exceptions.NoRegionError: You must specify a region.',
      'User: arn:aws:iam::111122223333:role/app is not authorized to perform: s3:PutObject',
    ].join('\n');
    expect(parseText(blob).map((p) => p.kind)).toEqual([
      'wsgi-path-missing',
      'module-not-found',
      'no-region',
      'access-denied',
    ]);
    expect(parseText('all good here')).toEqual([]);
  });

  it('gives the contract form with fields and meaning', () => {
    const m = toParsedTextMatch(only("2003: Can't connect to MySQL server on 'db.local:3306' (111)"));
    expect(m).toMatchObject({
      kind: 'mysql-connect',
      rule: 'F5',
      fields: { host: 'db.local', port: '3306', code: '2003' },
    });
    expect(m.meaning).toContain('db.local on port 3306');
  });
});
