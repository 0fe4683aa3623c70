/**
 * The Doctor's front door: scans, plans a finding's fix through the change
 * mechanism, re-checks a finding after a fix, and remembers what the user
 * declared or accepted. Fix intents stay here between the scan and the plan,
 * so secret values in them never travel to the renderer.
 */
import { partitionOf } from '../../shared/aws/partitions';
import type {
  ConnectivityMap,
  DiagnosticsSettings,
  ExplainTextResult,
  LabChecklist,
  MetricRecovery,
  Plan,
  RuleId,
  ScanResult,
  Target,
  VerificationResult,
} from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { TrellisError } from '../aws/errors';
import type { ChangeService } from '../changes/changeService';
import { shellQuote, type CliTarget } from '../changes/cliCommand';
import type { ServiceId } from '../aws/clientFactory';
import { buildConnectivityMap } from './connectivity';
import { publicFinding, runFamilies, type EngineOutput } from './engine';
import { labChecklist } from './labChecklist';
import { metricRecovery } from './beanstalk/metricRecovery';
import { createScanSource, type ScanSourceOptions } from './scanSource';
import type { Acceptance, DiagnosticsStore } from './store';
import { meaningOf, parseText, ruleOf } from './text/patterns';
import type { EvaluationContext, FindingDraft, RuleOutput, RunnableFamily } from './types';
import type { ScanSource } from './facts';

export interface DiagnosticsDeps {
  aws: ClientFactory;
  changes: Pick<ChangeService, 'plan'>;
  store: DiagnosticsStore;
  families: readonly RunnableFamily[];
  accountOf(target: Target): Promise<string | undefined>;
  explainAccessDenied(source: ScanSource, ctx: EvaluationContext, text: string): Promise<RuleOutput>;
  /** Reads an environment's latest instance logs for scans that ask for them; absent, such scans say logs are unavailable. */
  readLogs?(target: Target, environmentName: string): ReturnType<NonNullable<ScanSourceOptions['readLogs']>>;
  /** How pasted commands must name this target's profile and endpoint (the sandbox's, an emulator's). */
  cliTarget?(target: Target, service: ServiceId): CliTarget;
  now?: () => Date;
}

const CLI_SERVICES: Readonly<Record<string, ServiceId>> = {
  s3: 's3',
  elasticbeanstalk: 'elasticbeanstalk',
  iam: 'iam',
  ec2: 'ec2',
  ssm: 'ssm',
  rds: 'rds',
  sts: 'sts',
  opensearch: 'opensearch',
  es: 'opensearch',
};

/**
 * Rules write manual steps with `--region` only, since they know no profile.
 * Here each `aws …` command gets the same profile, region and endpoint as
 * the console's own CLI previews, so a pasted step acts on the account the
 * finding is about and never on a default profile.
 */
export function localiseCommand(command: string, cli: (service: ServiceId) => CliTarget | undefined): string {
  const match = /^aws\s+([a-z0-9-]+)\s/.exec(command);
  const service = match?.[1] ? CLI_SERVICES[match[1]] : undefined;
  const target = service ? cli(service) : undefined;
  if (!target) return command;
  const bare = command.replace(/\s--region\s+\S+/g, '').replace(/\s--profile\s+\S+/g, '');
  const parts = [target.envPrefix, bare];
  if (target.profile) parts.push('--profile', shellQuote(target.profile));
  parts.push('--region', target.region);
  if (target.endpoint) parts.push('--endpoint-url', shellQuote(target.endpoint));
  return parts.filter((p) => p !== undefined && p !== '').join(' ');
}

export { partitionOf } from '../../shared/aws/partitions';

/** `F5:db-instance/x@Bbruceeb2-env` → `F5`. */
function ruleOfId(findingId: string): RuleId | undefined {
  const rule = findingId.slice(0, findingId.indexOf(':'));
  return /^F(?:[1-9]|1[0-6])$/.test(rule) ? (rule as RuleId) : undefined;
}

/**
 * The rules look settings up by environment name, and `constructor` or `toString` are valid names:
 * a plain object would answer those from Object.prototype, so the look-ups see own keys only.
 */
function keyedByOwnNames(settings: DiagnosticsSettings): DiagnosticsSettings {
  const own = <T>(record: Record<string, T>): Record<string, T> =>
    Object.assign(Object.create(null) as Record<string, T>, record);
  return {
    ...settings,
    requiredProperties: own(settings.requiredProperties),
    parameterPaths: own(settings.parameterPaths),
  };
}

export class DiagnosticsService {
  /** The last drafts seen per target, by finding id: planFix and verify start from them. */
  private readonly drafts = new Map<string, Map<string, FindingDraft>>();
  /** Findings once backed by the health metric: a re-check mid-operation may drop that evidence, not the wait. */
  private readonly healthBacked = new Set<string>();
  /** Text the user pasted, by the findings it led to, so verify can judge the same text again. */
  private readonly explained = new Map<string, string>();

  constructor(private readonly deps: DiagnosticsDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /**
   * Asked once per request: an unknown account is asked again on every call,
   * and the context and the store must agree on which account they mean.
   */
  private async scope(target: Target): Promise<{ account: string | undefined; key: string }> {
    const account = await this.deps.accountOf(target).catch(() => undefined);
    return { account, key: `${account ?? `profile:${target.profile}`}:${target.region}` };
  }

  private async scopeKey(target: Target): Promise<string> {
    return (await this.scope(target)).key;
  }

  private async context(
    target: Target,
    environmentName?: string,
  ): Promise<{ ctx: EvaluationContext; scopeKey: string }> {
    const { account, key } = await this.scope(target);
    const ctx: EvaluationContext = {
      account: account ?? '',
      region: target.region,
      partition: partitionOf(target.region),
      now: this.now(),
      settings: keyedByOwnNames(this.deps.store.settings(key)),
      ...(environmentName ? { environmentName } : {}),
    };
    return { ctx, scopeKey: key };
  }

  /** The finding as the renderer gets it, with manual commands aimed at this target. */
  private present(target: Target, draft: FindingDraft, accepted: Acceptance | undefined) {
    const finding = publicFinding(draft, accepted);
    const cliTarget = this.deps.cliTarget;
    if (!finding.manual || !cliTarget) return finding;
    const cli = (service: ServiceId): CliTarget | undefined => {
      try {
        return cliTarget(target, service);
      } catch {
        return undefined;
      }
    };
    return {
      ...finding,
      manual: {
        ...finding.manual,
        steps: finding.manual.steps.map((step) =>
          step.command ? { ...step, command: localiseCommand(step.command, cli) } : step,
        ),
      },
    };
  }

  private remember(target: Target, drafts: readonly FindingDraft[]): void {
    const key = `${target.profile}\u0000${target.region}`;
    const known = this.drafts.get(key) ?? new Map<string, FindingDraft>();
    for (const d of drafts) {
      known.set(d.id, d);
      if (d.evidence.some((e) => e.metric?.series.metricName === 'EnvironmentHealth')) {
        this.healthBacked.add(`${key}\u0000${d.id}`);
      }
    }
    this.drafts.set(key, known);
  }

  private recalled(target: Target, findingId: string): FindingDraft | undefined {
    return this.drafts.get(`${target.profile}\u0000${target.region}`)?.get(findingId);
  }

  private async run(
    target: Target,
    families: readonly RunnableFamily[],
    environmentName?: string,
    readLogs = false,
  ): Promise<{ out: EngineOutput; apiCalls: number; ctx: EvaluationContext; source: ScanSource; scopeKey: string }> {
    const { ctx, scopeKey } = await this.context(target, environmentName);
    const source = createScanSource(this.deps.aws, target, {
      ...(readLogs ? this.logReader(target) : {}),
      ...(environmentName ? { environmentName } : {}),
      now: () => ctx.now,
    });
    const out = await runFamilies(families, source, ctx);
    this.remember(target, out.drafts);
    return { out, apiCalls: source.apiCalls(), ctx, source, scopeKey };
  }

  private logReader(target: Target): ScanSourceOptions {
    const read = this.deps.readLogs;
    return {
      readLogs: (environmentName) =>
        read
          ? read(target, environmentName)
          : Promise.reject(
              new TrellisError({
                code: 'validation',
                message: 'This console cannot read instance logs here.',
                retryable: false,
              }),
            ),
    };
  }

  async scan(target: Target, environmentName?: string, options: { readLogs?: boolean } = {}): Promise<ScanResult> {
    const started = Date.now();
    const { out, apiCalls, ctx, source, scopeKey } = await this.run(
      target,
      this.deps.families,
      environmentName,
      options.readLogs === true,
    );
    const accepted = this.deps.store.accepted(scopeKey);
    const environments = (await source.attempt('environments', [], () => source.environments())) ?? [];
    return {
      target,
      ...(ctx.account ? { account: ctx.account } : {}),
      scannedAt: ctx.now.toISOString(),
      ...(environmentName ? { environmentName } : {}),
      environments: environments
        .filter((e) => environmentName === undefined || e.name === environmentName)
        .map((e) => ({ name: e.name, applicationName: e.applicationName, status: e.status, health: e.health })),
      findings: out.drafts.map((d) => this.present(target, d, accepted[d.id])),
      checks: out.checks,
      problems: out.problems,
      apiCalls,
      durationMs: Date.now() - started,
    };
  }

  /** Re-runs only the families that own the finding's rule, in the scope the finding was found in. */
  async verify(target: Target, findingId: string): Promise<VerificationResult> {
    const rule = ruleOfId(findingId);
    if (!rule) {
      throw new TrellisError({ code: 'validation', message: `${findingId} is not a finding id.`, retryable: false });
    }
    const previous = this.recalled(target, findingId);
    // A finding from pasted text is not in any scan: re-judge that same text, or it would look fixed at once.
    const pasted = this.explained.get(`${target.profile}\u0000${target.region}\u0000${findingId}`);
    const { out, source, scopeKey } = pasted
      ? await this.rejudge(target, pasted)
      : await this.run(
          target,
          this.deps.families.filter((f) => f.rules.includes(rule)),
          previous?.environmentName,
        );
    const checkedAt = this.now().toISOString();
    const still = out.drafts.find((d) => d.id === findingId);
    const accepted = this.deps.store.accepted(scopeKey)[findingId];
    if (still) {
      return {
        findingId,
        status: 'not-yet',
        reason: await this.whyNotYet(source, still),
        finding: this.present(target, still, accepted),
        checkedAt,
      };
    }
    const blind = out.problems.find((p) => p.rules.includes(rule));
    if (blind) {
      return {
        findingId,
        status: 'not-yet',
        reason: `Could not re-check: ${blind.area} failed (${blind.error.message}).`,
        checkedAt,
      };
    }
    const passed = out.checks.find((c) => c.id === findingId && c.passed);
    const backed = this.healthBacked.has(`${target.profile}\u0000${target.region}\u0000${findingId}`);
    const metric = previous && backed ? await this.healthMetricAfterFix(source, previous) : undefined;
    return {
      findingId,
      status: 'verified',
      reason: passed ? passed.detail : 'No longer detected: the resource it named is gone or no longer in this state.',
      checkedAt,
      ...(metric ? { metric } : {}),
    };
  }

  /** A finding its health metric backed is fixed only when the metric follows; the re-scan's facts say whether. */
  private async healthMetricAfterFix(source: ScanSource, finding: FindingDraft): Promise<MetricRecovery | undefined> {
    const name = finding.environmentName;
    if (!name) return undefined;
    const detail = await source.attempt(`configuration of ${name}`, [], () => source.environment(name));
    return metricRecovery(detail?.metrics, detail?.events ?? []);
  }

  private async rejudge(
    target: Target,
    text: string,
  ): Promise<{ out: EngineOutput; source: ScanSource; scopeKey: string }> {
    const { ctx, scopeKey } = await this.context(target);
    const source = createScanSource(this.deps.aws, target);
    const judged = await this.deps.explainAccessDenied(source, ctx, text);
    this.remember(target, judged.findings);
    return { out: { drafts: judged.findings, checks: judged.checks, problems: source.problems }, source, scopeKey };
  }

  private async whyNotYet(source: ScanSource, finding: FindingDraft): Promise<string> {
    if (finding.environmentName) {
      const env = (await source.attempt('environments', [], () => source.environments()))?.find(
        (e) => e.name === finding.environmentName,
      );
      if (env && env.status !== 'Ready') {
        return `${env.name} is ${env.status}; Elastic Beanstalk applies the change when the operation completes. Check again in a moment.`;
      }
    }
    return `Still detected: ${finding.summary}`;
  }

  async planFix(target: Target, findingId: string, fixId: string): Promise<Plan> {
    let draft = this.recalled(target, findingId);
    if (!draft) {
      // A finding from an earlier session: find it again rather than trust the id.
      const rule = ruleOfId(findingId);
      const families = this.deps.families.filter((f) => rule !== undefined && f.rules.includes(rule));
      const { out } = await this.run(target, families);
      draft = out.drafts.find((d) => d.id === findingId);
    }
    if (!draft) {
      throw new TrellisError({
        code: 'not-found',
        message: `Finding ${findingId} is not present any more; scan again.`,
        retryable: false,
      });
    }
    const fix = draft.fixes.find((f) => f.id === fixId);
    if (!fix) {
      throw new TrellisError({
        code: 'not-found',
        message: `Finding ${findingId} has no fix ${fixId}; its fixes are ${draft.fixes.map((f) => f.id).join(', ') || 'manual only'}.`,
        retryable: false,
      });
    }
    return this.deps.changes.plan(target, fix.intent);
  }

  async accept(
    target: Target,
    findingId: string,
    note: string | null,
  ): Promise<{ findingId: string; accepted: Acceptance | null }> {
    const accepted = this.deps.store.accept(await this.scopeKey(target), findingId, note, this.now());
    return { findingId, accepted };
  }

  async explainText(target: Target, text: string): Promise<ExplainTextResult> {
    const parsed = parseText(text);
    // A pasted log repeats the same error on every request; each distinct passage is explained once.
    const distinct = parsed.filter((p, i) => parsed.findIndex((q) => q.kind === p.kind && q.match === p.match) === i);
    const matches = distinct.map((p) => {
      const fields: Record<string, string> = {};
      for (const [key, value] of Object.entries(p)) {
        if (key === 'kind' || key === 'match' || value === undefined) continue;
        fields[key] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      return { kind: p.kind, rule: ruleOf(p), match: p.match, fields, meaning: meaningOf(p) };
    });
    if (!parsed.some((p) => p.kind === 'access-denied')) return { matches, findings: [] };
    const { ctx, scopeKey } = await this.context(target);
    const source = createScanSource(this.deps.aws, target);
    const out = await this.deps.explainAccessDenied(source, ctx, text);
    this.remember(target, out.findings);
    for (const f of out.findings) this.explained.set(`${target.profile}\u0000${target.region}\u0000${f.id}`, text);
    const accepted = this.deps.store.accepted(scopeKey);
    return { matches, findings: out.findings.map((d) => this.present(target, d, accepted[d.id])) };
  }

  async getSettings(target: Target): Promise<DiagnosticsSettings> {
    return this.deps.store.settings(await this.scopeKey(target));
  }

  async saveSettings(target: Target, settings: DiagnosticsSettings): Promise<DiagnosticsSettings> {
    return this.deps.store.saveSettings(await this.scopeKey(target), settings);
  }

  async connectivity(target: Target, environmentName: string): Promise<ConnectivityMap> {
    const { out, source } = await this.run(target, this.deps.families, environmentName);
    return buildConnectivityMap(source, environmentName, out);
  }

  async labChecklist(target: Target, environmentName?: string): Promise<LabChecklist> {
    // Unscoped: deployer and domain findings are account-wide, and the checklist needs them too.
    const result = await this.scan(target);
    return labChecklist(result, environmentName);
  }
}
