import { describe, expect, it } from 'vitest';
import type { IngressRule } from '../../../src/shared/contract';
import {
  choiceLabel,
  parsePorts,
  ruleSummary,
  sourceText,
} from '../../../src/renderer/src/views/databases/ingressText';

const groupRule: IngressRule = {
  protocol: 'tcp',
  fromPort: 3306,
  toPort: 3306,
  source: { kind: 'group', groupId: 'sg-0f2a6c8e4b1d3a579', groupName: 'awseb-sg', environmentName: 'Bbruceeb2-env' },
  description: null,
  admitsDbPort: true,
};

describe('the Add ingress form', () => {
  it('reads a port or a range, and anything else as NaN for the shared check to name', () => {
    expect(parsePorts('3306')).toEqual({ fromPort: 3306, toPort: 3306 });
    expect(parsePorts(' 8000 - 8080 ')).toEqual({ fromPort: 8000, toPort: 8080 });
    expect(parsePorts('33o6')).toEqual({ fromPort: NaN, toPort: NaN });
    expect(parsePorts('')).toEqual({ fromPort: NaN, toPort: NaN });
  });

  it('labels a source group with its id and owning environment', () => {
    expect(choiceLabel({ groupId: 'sg-1', groupName: 'web', vpcId: 'vpc-1', environmentName: 'prod' })).toBe(
      'web (sg-1) — prod',
    );
    expect(choiceLabel({ groupId: 'sg-1', groupName: 'web', vpcId: null, environmentName: null })).toBe('web (sg-1)');
  });
});

describe('rule rows', () => {
  it('names the source group and environment, or the CIDR', () => {
    expect(sourceText(groupRule)).toBe('awseb-sg (Bbruceeb2-env)');
    expect(sourceText({ ...groupRule, source: { kind: 'cidr', cidr: '10.1.0.0/16' } })).toBe('10.1.0.0/16');
  });

  it('summarises a rule for its Revoke button', () => {
    expect(ruleSummary(groupRule)).toBe('tcp 3306 from awseb-sg');
    expect(ruleSummary({ ...groupRule, protocol: '-1', fromPort: null, toPort: null })).toBe(
      'all traffic from awseb-sg',
    );
    expect(
      ruleSummary({ ...groupRule, fromPort: 8000, toPort: 8080, source: { kind: 'cidr', cidr: '0.0.0.0/0' } }),
    ).toBe('tcp 8000-8080 from 0.0.0.0/0');
  });
});
