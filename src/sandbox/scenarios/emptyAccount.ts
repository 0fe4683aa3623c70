/** An account with nothing in it but its default VPC, as every scenario starts. */
import { type ScenarioName, STATE_VERSION, type StateDocument } from '../state/document';
import { defaultNetwork } from './network';

export function emptyAccount(scenario: ScenarioName, account: StateDocument['account']): StateDocument {
  return {
    version: STATE_VERSION,
    scenario,
    account,
    iam: { users: [], roles: [], groups: [], instanceProfiles: [], policies: [], accessKeys: [], mfaDevices: [] },
    ec2: defaultNetwork('us-east-1'),
    s3: { buckets: [] },
    elasticbeanstalk: { applications: [], applicationVersions: [], environments: [], events: [] },
    ssm: { parameters: [] },
    search: { domains: [] },
    rds: { instances: [], subnetGroups: [] },
    sts: { sessions: [] },
    sso: { clients: [], devices: [], tokens: [] },
  };
}
