/**
 * The Doctor's estimate when SimulatePrincipalPolicy is unavailable: the
 * shared evaluator over the principal's own policies, naming the deciding
 * statements and saying when a condition could not be evaluated.
 */
import { describe, expect, it } from 'vitest';
import {
  estimateDecision,
  statementsOfDocument,
  trustsService,
} from '../../../src/main/diagnostics/iam/policyEvaluation';
import { describeVerdict, judge } from '../../../src/main/diagnostics/iam/verdicts';
import { ACCOUNT, awsPolicy, doc, fakeSource, role, snapshotOf, user } from './support/iamFixtures';

const named = (name: string, text: string) => ({ name, statements: statementsOfDocument(text) });

describe('estimateDecision', () => {
  const deployer = named(
    'DeployTools',
    doc(
      { Sid: 'Beanstalk', Effect: 'Allow', Action: 'elasticbeanstalk:*', Resource: '*' },
      {
        Sid: 'PassOnlyToEc2',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: '*',
        Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
      },
    ),
  );
  const guard = named('NoDeletes', doc({ Effect: 'Deny', Action: 'elasticbeanstalk:Delete*', Resource: '*' }));

  it('names the deciding statement by position and Sid', () => {
    expect(estimateDecision([deployer, guard], 'elasticbeanstalk:CreateApplication')).toEqual({
      decision: 'allowed',
      matched: ['DeployTools'],
      statements: ['DeployTools statement 1 "Beanstalk"'],
      conditional: false,
    });
    expect(estimateDecision([deployer, guard], 'elasticbeanstalk:DeleteApplication')).toMatchObject({
      decision: 'explicitDeny',
      statements: ['NoDeletes statement 1'],
    });
  });

  it('counts an Allow whose condition it cannot evaluate, and says it is conditional', () => {
    expect(estimateDecision([deployer], 'iam:PassRole')).toEqual({
      decision: 'allowed',
      matched: ['DeployTools'],
      statements: ['DeployTools statement 2 "PassOnlyToEc2", conditional'],
      conditional: true,
    });
  });

  it('reads a trust policy’s Deny as well as its Allow', () => {
    const allowEc2 = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };
    expect(trustsService(doc(allowEc2), 'ec2.amazonaws.com')).toBe(true);
    expect(trustsService(doc(allowEc2), 'elasticbeanstalk.amazonaws.com')).toBe(false);
    expect(trustsService(doc(allowEc2, { Effect: 'Deny', Principal: '*', Action: 'sts:*' }), 'ec2.amazonaws.com')).toBe(
      false,
    );
  });
});

describe('judge without SimulatePrincipalPolicy', () => {
  it('gives evidence that names the statement and the condition it could not evaluate', async () => {
    const bastion = role('ops-bastion', {
      inlinePolicies: [
        {
          name: 'Deploy',
          document: doc({
            Sid: 'Office',
            Effect: 'Allow',
            Action: 'elasticbeanstalk:*',
            Resource: '*',
            Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
          }),
        },
      ],
    });
    const snapshot = snapshotOf([bastion]);
    const source = fakeSource({ snapshot, simulateFails: true });
    const [verdict] = await judge(source, snapshot, {
      ref: { type: 'role', name: 'ops-bastion' },
      arn: `arn:aws:iam::${ACCOUNT}:role/ops-bastion`,
      actions: ['elasticbeanstalk:CreateEnvironment'],
    });
    expect(verdict).toMatchObject({ decision: 'allowed', matched: ['Deploy'], method: 'policies' });
    expect(describeVerdict(verdict!)).toBe(
      'elasticbeanstalk:CreateEnvironment: allowed (Deploy statement 1 "Office", conditional) — estimated from the attached policies: SimulatePrincipalPolicy failed (SimulatePrincipalPolicy is not implemented); conditions not evaluated',
    );
  });

  it('counts a user\u2019s group policies, names them by group, and says which groups it could not read', async () => {
    const deployer = user('release-bot', { groups: ['deployers', 'auditors'] });
    const deployers = {
      name: 'deployers',
      arn: `arn:aws:iam::${ACCOUNT}:group/deployers`,
      id: 'AGPAEXAMPLEDEPLOYERS',
      path: '/',
      createDate: '2025-01-01T00:00:00Z',
      attachedPolicies: [awsPolicy('AmazonS3ReadOnlyAccess')],
      inlinePolicies: [
        {
          name: 'Ship',
          document: doc({ Effect: 'Allow', Action: 'elasticbeanstalk:CreateApplicationVersion', Resource: '*' }),
        },
      ],
    };
    const snapshot = snapshotOf([], [deployer], [deployers]);
    const source = fakeSource({ snapshot, simulateFails: true });
    const verdicts = await judge(source, snapshot, {
      ref: { type: 'user', name: 'release-bot' },
      arn: `arn:aws:iam::${ACCOUNT}:user/release-bot`,
      actions: ['elasticbeanstalk:CreateApplicationVersion', 's3:GetObject', 's3:PutObject'],
    });
    expect(verdicts.map((v) => [v.action, v.decision, v.matched])).toEqual([
      ['elasticbeanstalk:CreateApplicationVersion', 'allowed', ['deployers/Ship']],
      ['s3:GetObject', 'allowed', ['deployers/AmazonS3ReadOnlyAccess']],
      ['s3:PutObject', 'implicitDeny', []],
    ]);
    expect(verdicts[0]?.note).toContain('policies of groups not found: auditors');
  });
});
