import { describe, expect, it } from 'vitest';
import { buildScenario, DEFAULT_SCALE, resolveScale } from '../../../src/sandbox/scenarios';
import { managedSecurityGroupName } from '../../../src/sandbox/simulation/provisioning';
import type { StateDocument } from '../../../src/sandbox/state/document';
import { parseStateDocument } from '../../../src/sandbox/state/store';

const NOW = new Date('2025-06-01T12:00:00Z');
const SMALL = {
  roles: 120,
  users: 30,
  applications: 4,
  environments: 12,
  events: 900,
  domains: 6,
  parameters: 400,
  dbInstances: 25,
  securityGroups: 150,
};

/** Through JSON and the state's own schema and integrity checks, as a state file is read. */
const reload = (doc: StateDocument): StateDocument => parseStateDocument(JSON.stringify(doc), 'large.json');

describe('the large-account scenario', () => {
  it('has the default sizes and passes the state schema and integrity checks', () => {
    const doc = reload(buildScenario('large-account', NOW));
    expect(doc.scenario).toBe('large-account');
    expect({
      roles: doc.iam.roles.length,
      users: doc.iam.users.length,
      applications: doc.elasticbeanstalk.applications.length,
      environments: doc.elasticbeanstalk.environments.length,
      events: doc.elasticbeanstalk.events.length,
      domains: doc.search.domains.length,
      parameters: doc.ssm.parameters.length,
      dbInstances: doc.rds.instances.length,
      securityGroups: doc.ec2.securityGroups.length,
    }).toEqual({ ...DEFAULT_SCALE, seed: undefined });
    const secure = doc.ssm.parameters.filter((p) => p.versions.at(-1)?.type === 'SecureString');
    expect(secure.length / doc.ssm.parameters.length).toBeCloseTo(0.2, 2);
    for (const entity of [...doc.iam.roles, ...doc.iam.users]) {
      expect(entity.attachedPolicyArns.length).toBeGreaterThanOrEqual(1);
      expect(entity.attachedPolicyArns.length).toBeLessThanOrEqual(10);
    }
    expect(doc.iam.roles.filter((r) => r.inlinePolicies.length > 0).length).toBeGreaterThan(1000);
    // Health is what the evaluator derives, so a read finds nothing to change.
    expect(new Set(doc.elasticbeanstalk.environments.map((e) => e.lastHealth.status))).toEqual(new Set(['Ok']));
  });

  it('gives security groups 1 to 20 rules, and each environment its EB group and tagged instances', () => {
    const doc = buildScenario('large-account', NOW, SMALL);
    const general = doc.ec2.securityGroups.filter((g) => g.name !== 'default');
    for (const group of general) {
      expect(group.ingress.length).toBeGreaterThanOrEqual(1);
      expect(group.ingress.length).toBeLessThanOrEqual(20);
    }
    const groupNames = new Set(doc.ec2.securityGroups.map((g) => g.name));
    for (const env of doc.elasticbeanstalk.environments) {
      expect(groupNames).toContain(managedSecurityGroupName(env));
      const tagged = doc.ec2.instances.filter((i) =>
        i.tags.some((t) => t.key === 'elasticbeanstalk:environment-id' && t.value === env.id),
      );
      expect(tagged.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('names parameters in a path tree whose numbers only a natural sort orders', () => {
    // Many parameters for few environments: the common key names run out, as they do at the default size.
    const doc = buildScenario('large-account', NOW, { ...SMALL, environments: 4, parameters: 1200 });
    const names = doc.ssm.parameters.map((p) => p.name);
    expect(names.every((name) => /^\/[a-z0-9-]+\/[a-z0-9]+\/[a-z0-9-]+\/[A-Z0-9_]+$/.test(name))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    const services = new Set(names.map((name) => name.split('/')[3]));
    expect(services).toContain('worker-2');
    expect(services).toContain('worker-10');
    expect(names.some((name) => /_\d{2,}$/.test(name))).toBe(true);
  });

  it('is the same for the same seed and sizes, and different for another seed', () => {
    const a = JSON.stringify(buildScenario('large-account', NOW, SMALL));
    expect(JSON.stringify(buildScenario('large-account', NOW, SMALL))).toBe(a);
    expect(JSON.stringify(buildScenario('large-account', NOW, { ...SMALL, seed: 2 }))).not.toBe(a);
  });

  it('gives a tenth of the events to the busiest environment, all within the last 30 days, in sequence', () => {
    const doc = buildScenario('large-account', NOW, SMALL);
    const events = doc.elasticbeanstalk.events;
    const busiest = doc.elasticbeanstalk.environments[0]?.name;
    expect(events.filter((e) => e.environmentName === busiest).length).toBeGreaterThanOrEqual(SMALL.events / 10);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    // Stored as AWS prints them (second precision, Z), so they compare as text.
    expect(events.every((e) => e.eventDate >= '2025-05-02T12:00:00Z' && e.eventDate <= '2025-06-01T12:00:00Z')).toBe(
      true,
    );
    expect(events.every((e, i) => i === 0 || events[i - 1]!.eventDate <= e.eventDate)).toBe(true);
  });

  it('builds a valid account at size zero', () => {
    const zero = Object.fromEntries(Object.keys(SMALL).map((k) => [k, 0]));
    expect(() => reload(buildScenario('large-account', NOW, zero))).not.toThrow();
  });

  it('refuses a size out of range, naming it', () => {
    expect(() => resolveScale({ roles: -1 })).toThrow('Scale roles must be an integer from 0 to 100000, got -1.');
    expect(() => resolveScale({ parameters: 1.5 })).toThrow(/Scale parameters must be an integer/);
    expect(() => resolveScale({ applications: 0 })).toThrow('Scale environments needs at least one application.');
  });
});
