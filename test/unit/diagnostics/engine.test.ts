import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChangeIntent, Plan, ScanResult, Target } from '../../../src/shared/contract';
import type { ClientFactory } from '../../../src/main/aws/clientFactory';
import { runFamilies } from '../../../src/main/diagnostics/engine';
import { check, findingId } from '../../../src/main/diagnostics/findings';
import { labChecklist } from '../../../src/main/diagnostics/labChecklist';
import { createScanSource } from '../../../src/main/diagnostics/scanSource';
import { DiagnosticsService, localiseCommand, partitionOf } from '../../../src/main/diagnostics/service';
import { DiagnosticsStore } from '../../../src/main/diagnostics/store';
import type { FindingDraft, RunnableFamily } from '../../../src/main/diagnostics/types';

const target: Target = { profile: 'ops', region: 'eu-west-1' };
// The engine never reaches AWS in these tests: the fake families do not read from the source.
const noAws = {} as ClientFactory;

function draft(rule: FindingDraft['rule'], name: string, environmentName?: string): FindingDraft {
  const resource = { type: 'environment' as const, name };
  const intent: ChangeIntent = { kind: 'beanstalk.rebuild', environmentName: name };
  return {
    id: findingId(rule, resource),
    rule,
    severity: rule === 'F14' ? 'low' : 'critical',
    summary: `${rule} on ${name}`,
    resource,
    ...(environmentName ? { environmentName } : {}),
    related: [],
    evidence: [{ source: 'state', label: 'fixture', text: name }],
    explanation: 'fixture',
    catalogue: { rule, title: 't' },
    fixes: [{ id: 'rebuild', label: 'Rebuild', description: 'd', recommended: true, intent }],
  };
}

/** A family whose state the test flips, as a fix would flip AWS state. */
function switchable(rule: FindingDraft['rule'], name: string, environmentName?: string) {
  const state = { broken: true, reads: 0 };
  const family: RunnableFamily = {
    name: `fake-${rule}`,
    rules: [rule],
    async run() {
      state.reads += 1;
      const subject = { type: 'environment' as const, name };
      return {
        findings: state.broken ? [draft(rule, name, environmentName)] : [],
        checks: [
          check(rule, subject, !state.broken, state.broken ? 'broken' : `${name} passes`, {
            ...(environmentName ? { environmentName } : {}),
          }),
        ],
      };
    },
  };
  return { family, state };
}

const failing: RunnableFamily = {
  name: 'denied',
  rules: ['F13'],
  run: () => Promise.reject(Object.assign(new Error('User is not authorized'), { name: 'AccessDenied' })),
};

function service(families: RunnableFamily[], dir = mkdtempSync(join(tmpdir(), 'diag-'))) {
  const planned: ChangeIntent[] = [];
  const svc = new DiagnosticsService({
    aws: noAws,
    changes: {
      plan: async (_t, intent) => {
        planned.push(intent);
        return { id: 'p' } as unknown as Plan;
      },
    },
    store: new DiagnosticsStore(join(dir, 'diagnostics.json')),
    families,
    accountOf: async () => '111122223333',
    explainAccessDenied: async () => ({ findings: [], checks: [] }),
    now: () => new Date('2026-03-01T10:00:00Z'),
  });
  return { svc, planned, dir };
}

describe('rule engine', () => {
  it('keeps reporting when one family fails, and names the rules that could not run', async () => {
    const ok = switchable('F3', 'web-prod', 'web-prod');
    const source = createScanSource(noAws, target);
    const out = await runFamilies([ok.family, failing], source, {
      account: '111122223333',
      region: 'eu-west-1',
      partition: 'aws',
      now: new Date(),
      settings: { deployers: [], requiredProperties: {}, parameterPaths: {} },
    });
    expect(out.drafts.map((d) => d.id)).toEqual(['F3:environment/web-prod']);
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]).toMatchObject({ area: 'denied rules', rules: ['F13'] });
    expect(out.problems[0]?.error.message).toContain('not authorized');
  });

  it('scopes a scan to one environment and drops account-wide findings from it', async () => {
    const a = switchable('F3', 'a', 'a');
    const b = switchable('F7', 'b', 'b');
    const keys = switchable('F14', 'key', undefined);
    const { svc } = service([a.family, b.family, keys.family]);
    const scoped = await svc.scan(target, 'a');
    expect(scoped.findings.map((f) => f.id)).toEqual(['F3:environment/a']);
    const all = await svc.scan(target);
    expect(all.findings.map((f) => f.id)).toEqual(['F3:environment/a', 'F7:environment/b', 'F14:environment/key']);
    // Fix intents stay in main: the public finding carries labels only.
    expect(JSON.stringify(all.findings)).not.toContain('beanstalk.rebuild');
  });

  it('verifies a finding once the rule passes, re-running only the family that owns it', async () => {
    const a = switchable('F3', 'a', 'a');
    const other = switchable('F7', 'b', 'b');
    const { svc } = service([a.family, other.family]);
    await svc.scan(target);
    const before = other.state.reads;
    const notYet = await svc.verify(target, 'F3:environment/a');
    expect(notYet.status).toBe('not-yet');
    expect(notYet.reason).toContain('Still detected: F3 on a');
    a.state.broken = false;
    const done = await svc.verify(target, 'F3:environment/a');
    expect(done).toMatchObject({ status: 'verified', reason: 'a passes' });
    expect(other.state.reads).toBe(before);
  });

  it("reads settings by own keys only, so environments called constructor or toString are not Object's", async () => {
    const seen: unknown[] = [];
    const reader: RunnableFamily = {
      name: 'settings-reader',
      rules: ['F8'],
      async run(_source, ctx) {
        for (const name of ['constructor', 'toString', 'web']) {
          seen.push(ctx.settings.requiredProperties[name], ctx.settings.parameterPaths[name]);
        }
        return { findings: [], checks: [] };
      },
    };
    const { svc } = service([reader]);
    await svc.saveSettings(target, { deployers: [], requiredProperties: { web: ['DB_HOST'] }, parameterPaths: {} });
    const result = await svc.scan(target);
    expect(result.problems).toEqual([]);
    expect(seen).toEqual([undefined, undefined, undefined, undefined, ['DB_HOST'], undefined]);
  });

  it('does not call a finding verified when the re-check itself failed', async () => {
    const { svc } = service([failing]);
    const result = await svc.verify(target, 'F13:search-domain/logs');
    expect(result.status).toBe('not-yet');
    expect(result.reason).toContain('Could not re-check');
  });

  it('plans the chosen fix from the intent it kept, and says which fixes exist when the id is wrong', async () => {
    const a = switchable('F3', 'a', 'a');
    const { svc, planned } = service([a.family]);
    await svc.scan(target);
    await svc.planFix(target, 'F3:environment/a', 'rebuild');
    expect(planned).toEqual([{ kind: 'beanstalk.rebuild', environmentName: 'a' }]);
    await expect(svc.planFix(target, 'F3:environment/a', 'nope')).rejects.toThrow(/its fixes are rebuild/);
    a.state.broken = false;
    await expect(svc.planFix(target, 'F3:environment/zzz', 'rebuild')).rejects.toThrow(/not present any more/);
  });

  it('remembers accepted findings per account and region, and takes acceptance back', async () => {
    const keys = switchable('F14', 'old-key');
    const { svc, dir } = service([keys.family]);
    await svc.accept(target, 'F14:environment/old-key', 'break-glass key, rotated yearly');
    const scan = await svc.scan(target);
    expect(scan.findings[0]?.accepted).toEqual({
      note: 'break-glass key, rotated yearly',
      at: '2026-03-01T10:00:00.000Z',
    });
    // Another region of the same account has its own list.
    const elsewhere = await svc.scan({ ...target, region: 'us-west-2' });
    expect(elsewhere.findings[0]?.accepted).toBeUndefined();
    await svc.accept(target, 'F14:environment/old-key', null);
    expect((await svc.scan(target)).findings[0]?.accepted).toBeUndefined();
    expect(JSON.parse(readFileSync(join(dir, 'diagnostics.json'), 'utf8')).scopes).toHaveProperty([
      '111122223333:eu-west-1',
    ]);
  });

  it('leaves a malformed diagnostics file untouched and refuses to save over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diag-'));
    writeFileSync(join(dir, 'diagnostics.json'), '{"version": 1, "scopes": [');
    const { svc } = service([], dir);
    await expect(svc.accept(target, 'F14:x', 'why')).rejects.toThrow(/not a valid Trellis diagnostics file/);
    expect(readFileSync(join(dir, 'diagnostics.json'), 'utf8')).toBe('{"version": 1, "scopes": [');
  });

  it('aims pasted aws commands at the finding’s profile, region and endpoint, and leaves other commands alone', () => {
    const sandbox = () => ({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:4510',
      envPrefix: 'AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox',
    });
    expect(localiseCommand('aws s3 cp app.zip s3://b/k.zip --region us-east-1', sandbox)).toBe(
      'AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox aws s3 cp app.zip s3://b/k.zip --region eu-west-1 --endpoint-url http://127.0.0.1:4510',
    );
    expect(
      localiseCommand('aws es update-domain-config --domain-name d', () => ({
        region: 'us-west-2',
        profile: 'prod ops',
      })),
    ).toBe("aws es update-domain-config --domain-name d --profile 'prod ops' --region us-west-2");
    expect(localiseCommand('cd FlaskApp && zip -r ../app.zip .', sandbox)).toBe('cd FlaskApp && zip -r ../app.zip .');
    expect(localiseCommand('aws lambda list-functions', sandbox)).toBe('aws lambda list-functions');
  });

  it('knows the partition of every region family', () => {
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionOf('ap-southeast-2')).toBe('aws');
  });
});

describe('lab checklist', () => {
  const base: ScanResult = {
    target,
    scannedAt: '2026-03-01T10:00:00.000Z',
    environments: [],
    findings: [],
    checks: [],
    problems: [],
    apiCalls: 0,
    durationMs: 0,
  };

  it('marks an item to do while its rule finds something, done when checks pass, unknown when nothing was checked', () => {
    const f5 = { ...draft('F5', 'db', 'shop'), fixes: [] };
    const scan: ScanResult = {
      ...base,
      findings: [f5],
      checks: [
        check('F5', { type: 'db-instance', name: 'db' }, false, 'no ingress', { environmentName: 'shop' }),
        check('F4', { type: 'db-instance', name: 'db' }, true, 'same VPC', { environmentName: 'shop' }),
      ],
    };
    const list = labChecklist(scan);
    const status = Object.fromEntries(list.items.map((i) => [i.id, i.status]));
    expect(status).toMatchObject({ 'db-ingress': 'todo', vpc: 'done', deployer: 'unknown', domain: 'unknown' });
    expect(list.items.find((i) => i.id === 'db-ingress')?.findings.map((f) => f.id)).toEqual([f5.id]);
  });

  it('does not show an item done when the reads behind it failed', () => {
    const scan: ScanResult = {
      ...base,
      checks: [check('F13', { type: 'search-domain', name: 'logs' }, true, 'closed')],
      problems: [
        { area: 'search domains', rules: ['F13'], error: { code: 'access-denied', message: 'no', retryable: false } },
      ],
    };
    expect(labChecklist(scan).items.find((i) => i.id === 'domain')?.status).toBe('unknown');
  });

  it('scopes environment items to the chosen environment but keeps account-wide ones', () => {
    const scan: ScanResult = {
      ...base,
      findings: [
        { ...draft('F7', 'other', 'other'), fixes: [] },
        { ...draft('F1', 'deployer'), fixes: [] },
      ],
    };
    const list = labChecklist(scan, 'shop');
    expect(list.items.find((i) => i.id === 'properties')?.findings).toEqual([]);
    expect(list.items.find((i) => i.id === 'deployer')?.status).toBe('todo');
  });
});
