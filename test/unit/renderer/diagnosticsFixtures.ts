import type { ConnectivityMap, Finding } from '../../../src/shared/contract';

export function finding(over: Partial<Finding> & Pick<Finding, 'id'>): Finding {
  return {
    rule: 'F3',
    severity: 'high',
    summary: `summary of ${over.id}`,
    resource: { type: 'environment', name: 'Bbruceeb2-env' },
    environmentName: 'Bbruceeb2-env',
    related: [],
    evidence: [],
    explanation: 'why',
    catalogue: { rule: over.rule ?? 'F3', title: 'title' },
    fixes: [],
    ...over,
  };
}

export const labMap: ConnectivityMap = {
  environmentName: 'Bbruceeb2-env',
  nodes: [
    { id: 'net', kind: 'internet', label: 'Internet' },
    { id: 'vpc-1', kind: 'vpc', label: 'vpc-1' },
    { id: 'subnet-b', kind: 'subnet', label: 'subnet-b', parent: 'vpc-1' },
    { id: 'subnet-a', kind: 'subnet', label: 'subnet-a', parent: 'vpc-1' },
    { id: 'i-2', kind: 'instance', label: 'i-2', parent: 'subnet-a' },
    { id: 'i-1', kind: 'instance', label: 'i-1', parent: 'subnet-a' },
    { id: 'i-3', kind: 'instance', label: 'i-3', parent: 'subnet-b' },
    { id: 'sg-web', kind: 'security-group', label: 'sg-web' },
    { id: 'db', kind: 'database', label: 'edx-photos-db' },
    { id: 'role', kind: 'role', label: 'aws-elasticbeanstalk-ec2-role' },
    { id: 'param', kind: 'ssm-parameter', label: '/edx/db' },
  ],
  edges: [
    { id: 'e1', from: 'net', to: 'sg-web', label: 'HTTP 80', status: 'allowed', reason: 'open on 80' },
    {
      id: 'e2',
      from: 'subnet-a',
      to: 'db',
      label: 'MySQL 3306',
      status: 'broken',
      reason: 'no ingress on 3306',
      findingId: 'F5:db',
    },
    { id: 'e3', from: 'role', to: 'param', label: '', status: 'unknown', reason: 'could not simulate' },
    { id: 'e4', from: 'i-1', to: 'ghost', label: '', status: 'broken', reason: 'missing node' },
  ],
  problems: [],
};
