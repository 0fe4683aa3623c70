/**
 * Fixtures for the IAM rule families: an account that is not the training lab
 * (111122223333, eu-west-1, other names, a role path), and an in-memory
 * ScanSource over it whose simulator decides from the same policy documents.
 */
import type { AccessKey, Group, IamSnapshot, Role, User } from '../../../../src/shared/contract';
import type {
  EnvironmentDetail,
  EnvironmentFacts,
  InstanceFact,
  InstanceProfileFact,
  ParameterFact,
  ScanSource,
  SimulationFact,
} from '../../../../src/main/diagnostics/facts';
import { estimateDecision, statementsOfDocument } from '../../../../src/main/diagnostics/iam/policyEvaluation';
import { managedPolicyStatements } from '../../../../src/main/diagnostics/iam/managedPolicies';
import { ACCOUNT } from './evaluation';

export { ACCOUNT, REGION, context, emptySettings } from './evaluation';

export const ec2Trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
export const beanstalkTrust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'elasticbeanstalk.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export const doc = (...statements: object[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

const awsPolicy = (name: string) => ({ policyName: name, policyArn: `arn:aws:iam::aws:policy/${name}` });

export function role(name: string, over: Partial<Role> = {}): Role {
  const path = over.path ?? '/';
  return {
    name,
    arn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`,
    id: `AROA${name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .padEnd(17, 'X')
      .slice(0, 17)}`,
    path,
    createDate: '2025-01-01T00:00:00Z',
    trustPolicy: ec2Trust,
    attachedPolicies: [],
    inlinePolicies: [],
    instanceProfiles: [],
    ...over,
  };
}

export function user(name: string, over: Partial<User> = {}): User {
  return {
    name,
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    id: 'AIDAEXAMPLE',
    path: '/',
    createDate: '2025-01-01T00:00:00Z',
    attachedPolicies: [],
    inlinePolicies: [],
    groups: [],
    ...over,
  };
}

export { awsPolicy };

export function environmentFacts(name: string, over: Partial<EnvironmentFacts> = {}): EnvironmentFacts {
  return {
    name,
    id: `e-${name.slice(0, 8)}`,
    applicationName: 'shop',
    status: 'Ready',
    health: 'Green',
    causes: [],
    tier: 'WebServer',
    ...over,
  };
}

export function environmentDetail(name: string, over: Partial<EnvironmentDetail> = {}): EnvironmentDetail {
  return {
    environment: environmentFacts(name),
    options: [],
    properties: {},
    secrets: {},
    events: [],
    instances: [],
    logs: [],
    ...over,
  };
}

export interface FakeAccount {
  snapshot?: IamSnapshot;
  environments?: EnvironmentDetail[];
  instances?: InstanceFact[];
  profiles?: InstanceProfileFact[];
  parameters?: ParameterFact[];
  accessKeys?: Record<string, AccessKey[]>;
  /** Makes SimulatePrincipalPolicy fail, as moto does. */
  simulateFails?: boolean;
  documents?: Record<string, string>;
}

export interface FakeSource extends ScanSource {
  problems: string[];
  simulations: { principalArn: string; actions: string[]; resources?: string[] }[];
}

export function snapshotOf(roles: Role[], users: User[] = [], groups: Group[] = []): IamSnapshot {
  return { roles, users, groups, localPolicies: [], fetchedAt: '2026-03-01T12:00:00Z', apiCalls: 1 };
}

/** A ScanSource over fixtures; the simulator reads the same documents (AWS managed ones from the table). */
export function fakeSource(account: FakeAccount): FakeSource {
  const problems: string[] = [];
  const simulations: FakeSource['simulations'] = [];
  const policiesOf = (arn: string) => {
    const principal = [...(account.snapshot?.roles ?? []), ...(account.snapshot?.users ?? [])].find(
      (p) => p.arn === arn,
    );
    if (!principal) return [];
    return [
      ...principal.inlinePolicies.map((p) => ({ name: p.name, statements: statementsOfDocument(p.document) })),
      ...principal.attachedPolicies.map((p) => ({
        name: p.policyName,
        statements: account.documents?.[p.policyArn]
          ? statementsOfDocument(account.documents[p.policyArn])
          : (managedPolicyStatements(p.policyArn) ?? []),
      })),
    ];
  };
  const source: FakeSource = {
    problems,
    simulations,
    identity: async () => ({ account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/scanner` }),
    environments: async () => (account.environments ?? []).map((e) => e.environment),
    environment: async (name) => {
      const found = account.environments?.find((e) => e.environment.name === name);
      if (!found) throw new Error(`No environment ${name}`);
      return found;
    },
    iam: async () => {
      if (!account.snapshot) throw new Error('AccessDenied: iam:GetAccountAuthorizationDetails');
      return account.snapshot;
    },
    instanceProfile: async (name) => account.profiles?.find((p) => p.name === name) ?? null,
    managedPolicyDocument: async (arn) => account.documents?.[arn] ?? null,
    simulate: async (principalArn, actions, resourceArns) => {
      simulations.push({ principalArn, actions, ...(resourceArns ? { resources: resourceArns } : {}) });
      if (account.simulateFails) throw new Error('SimulatePrincipalPolicy is not implemented');
      const policies = policiesOf(principalArn);
      return actions.flatMap((action) =>
        (resourceArns ?? ['*']).map((resource): SimulationFact => {
          const e = estimateDecision(policies, action, resource === '*' ? undefined : resource);
          return { action, resource, decision: e.decision, matched: e.matched };
        }),
      );
    },
    accessKeys: async (userName) => account.accessKeys?.[userName] ?? [],
    databases: async () => [],
    securityGroups: async () => [],
    vpcs: async () => [],
    subnets: async () => [],
    instances: async () => account.instances ?? [],
    searchDomains: async () => [],
    parameters: async (path) => (account.parameters ?? []).filter((p) => path === undefined || p.name.startsWith(path)),
    parameterValue: async () => null,
    metrics: async () => new Map(),
    attempt: async (area, _rules, read) => {
      try {
        return await read();
      } catch {
        problems.push(area);
        return undefined;
      }
    },
  };
  return source;
}
