/** What the sandbox-scale benchmark's parts share: sizes, timing, and counting an account. */
import { type RunningSandbox, SANDBOX_ADMIN_CREDENTIALS, SANDBOX_REGION } from '../../../src/sandbox';
import type { ScenarioScale } from '../../../src/sandbox/scenarios';
import type { StateDocument } from '../../../src/sandbox/state/document';

export const WRITES = Number(process.env.BENCH_SCALE_WRITES ?? 1000);
export const now = (): Date => new Date();

/** About 1,000 resources. */
export const SMALL: Partial<ScenarioScale> = {
  roles: 150,
  users: 30,
  applications: 5,
  environments: 10,
  events: 300,
  domains: 5,
  parameters: 300,
  dbInstances: 20,
  securityGroups: 100,
};
/** About 50,000 resources: the default account with fewer events. */
export const LARGE: Partial<ScenarioScale> = { events: 16_000 };

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Everything an operator would count as a resource, events included. */
export function resources(doc: StateDocument): number {
  const { iam, ec2, elasticbeanstalk: eb } = doc;
  return (
    iam.roles.length +
    iam.users.length +
    iam.policies.length +
    iam.instanceProfiles.length +
    iam.accessKeys.length +
    ec2.vpcs.length +
    ec2.subnets.length +
    ec2.securityGroups.length +
    ec2.instances.length +
    eb.applications.length +
    eb.applicationVersions.length +
    eb.environments.length +
    eb.events.length +
    doc.ssm.parameters.length +
    doc.search.domains.length +
    doc.rds.instances.length +
    doc.rds.subnetGroups.length
  );
}

export const clientConfig = (sandbox: RunningSandbox) => ({
  region: SANDBOX_REGION,
  endpoint: sandbox.endpoint,
  credentials: SANDBOX_ADMIN_CREDENTIALS,
  maxAttempts: 1,
});
