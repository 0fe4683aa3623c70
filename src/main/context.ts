import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { installFingerprintKey } from './services/secretNames';
import { join } from 'node:path';
import { regionSchema, type ProfileList, type ProfileSummary, type Target } from '../shared/contract';
import {
  SANDBOX_ADMIN_CREDENTIALS,
  SANDBOX_REGION,
  SandboxStateError,
  startSandbox,
  type RunningSandbox,
} from '../sandbox';
import { ClientFactory, type ClientFactoryOptions, type ServiceId } from './aws/clientFactory';
import { TrellisError } from './aws/errors';
import { ProfileRegistry } from './aws/profiles';
import { sharedFilePaths } from './aws/sharedConfig';
import { signInActions } from './aws/signIn';
import { listSsoAccountRoles, listSsoAccounts } from './aws/sso/ssoDirectory';
import { ChangeService } from './changes/changeService';
import type { CliTarget } from './changes/cliCommand';
import { Journal } from './changes/journal';
import type { DeployWaitOptions } from './changes/types';
import { DeployService } from './deploy/deployService';
import type { UploadReceiver } from './deploy/uploadSessions';
import { RULE_FAMILIES, explainAccessDenied } from './diagnostics/rules';
import { readTailLogLines } from './diagnostics/instanceLogs';
import { DiagnosticsService } from './diagnostics/service';
import { DiagnosticsStore } from './diagnostics/store';
import { createHandlers } from './ipc/handlers';
import { createRouter, type Router } from './ipc/router';
import { BeanstalkLogService } from './services/beanstalkLogs';
import { getCallerIdentity } from './services/sts';
import { SettingsStore } from './settings';
import { timeoutsFromEnv } from './aws/timeoutSettings';

export interface AppContextOptions {
  mode: 'desktop' | 'web';
  version: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  homeDir: string;
  /** false runs without the practice sandbox (real profiles only). */
  sandbox: false | { port?: number; scenario?: 'training-lab' | 'empty'; reset?: boolean };
  clients?: ClientFactoryOptions;
  watchProfiles?: boolean;
  log?: (message: string) => void;
  /** Desktop only: the native open dialog for a deploy's folder or .zip; returns the path, or null when cancelled. */
  chooseSource?: (kind: 'folder' | 'zip') => Promise<string | null>;
  /** How long a deploy's verify waits for Ready (tests shorten it or drive the sandbox clock). */
  deployWait?: DeployWaitOptions;
  /** How long a credential_process may run (default 30 s). */
  processTimeoutMs?: number;
}

export interface AppContext {
  router: Router;
  dataDir: string;
  sandbox?: RunningSandbox;
  registry: ProfileRegistry;
  /** Web mode's upload endpoint hands each PUT body here. */
  uploads: UploadReceiver;
  close(): Promise<void>;
}

/** Builds main's whole object graph once; both the Electron entry and web mode use it unchanged. */
export async function createAppContext(opts: AppContextOptions): Promise<AppContext> {
  const log = opts.log ?? (() => undefined);
  // Private to this user: the journal and sandbox state describe their accounts.
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  let sandbox: RunningSandbox | undefined;
  // A broken practice state must not take real profiles down with it: the
  // sandbox profile is listed with the problem and everything else works.
  let sandboxProblem: string | undefined;
  if (opts.sandbox) {
    const stateFile = join(opts.dataDir, 'sandbox-state.json');
    if (opts.sandbox.reset && existsSync(stateFile)) {
      const kept = `${stateFile}.${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
      renameSync(stateFile, kept);
      // The change log continues that file; left behind, it would be set aside as orphaned on the next start.
      if (existsSync(`${stateFile}.log`)) renameSync(`${stateFile}.log`, `${kept}.log`);
      log(`sandbox state reset; the previous file is kept as ${kept}`);
    }
    try {
      sandbox = await startSandbox({
        port: opts.sandbox.port ?? 0,
        scenario: opts.sandbox.scenario ?? 'training-lab',
        stateFile,
      });
    } catch (err) {
      if (!(err instanceof SandboxStateError)) throw err;
      sandboxProblem = err.message;
      log(`practice sandbox not started: ${err.message}`);
    }
  }

  const settings = new SettingsStore(join(opts.dataDir, 'settings.json'));
  const registry = new ProfileRegistry({
    env: opts.env,
    homeDir: opts.homeDir,
    watch: opts.watchProfiles ?? true,
    approvals: settings,
    ...(opts.processTimeoutMs ? { processTimeoutMs: opts.processTimeoutMs } : {}),
    sandbox: sandbox
      ? { endpoint: sandbox.endpoint, region: SANDBOX_REGION, credentials: SANDBOX_ADMIN_CREDENTIALS }
      : undefined,
  });
  // Options given in code (tests) win over the environment's.
  const aws = new ClientFactory(registry, { ...timeoutsFromEnv(opts.env), ...opts.clients });
  const defaultRegion =
    [opts.env.AWS_REGION, opts.env.AWS_DEFAULT_REGION].find((r) => r && regionSchema.safeParse(r).success) ??
    SANDBOX_REGION;
  const keyed = installFingerprintKey(join(opts.dataDir, 'fingerprint.key'));
  if (keyed.problem) log(keyed.problem);
  const journal = new Journal(join(opts.dataDir, 'journal.jsonl'));
  if (journal.unreadableLines.length) {
    log(
      `journal: ${journal.unreadableLines.length} unreadable line(s) kept as they are: ${journal.unreadableLines.slice(0, 10).join(', ')}`,
    );
  }

  // Account ids are stable per target, so one STS call serves every plan preview.
  const accounts = new Map<string, Promise<string | undefined>>();
  const offRegistry = registry.onChange(() => {
    accounts.clear();
    aws.invalidate();
  });

  // Unlocks last only as long as this process: a restart opens every production profile read-only again.
  const unlockedProduction = new Set<string>();

  function withReadOnly(summary: ProfileSummary): ProfileSummary {
    const preferences = settings.preferencesOf(summary.name);
    const unlocked = preferences.production && unlockedProduction.has(summary.name);
    const productionLock = preferences.production && !unlocked;
    return {
      ...summary,
      readOnly: summary.readOnly || settings.isReadOnly(summary.name) || productionLock,
      preferences,
      ...(preferences.production ? { unlocked } : {}),
    };
  }

  function listProfiles(): ProfileList {
    const list = registry.list();
    const broken: ProfileSummary[] = sandboxProblem
      ? [
          {
            name: 'sandbox',
            source: 'sandbox',
            kind: 'sandbox',
            readOnly: false,
            readOnlyLocked: false,
            problem: sandboxProblem,
          },
        ]
      : [];
    return {
      profiles: [...broken, ...list.profiles.map(withReadOnly)],
      fileProblems: settings.problem
        ? [...list.fileProblems, { file: 'settings.json', message: settings.problem }]
        : list.fileProblems,
    };
  }

  function cliTarget(target: Target, service: ServiceId): CliTarget {
    const profile = registry.resolve(target.profile);
    const endpoint = profile.endpointFor(service);
    switch (profile.summary.source) {
      case 'sandbox':
        return {
          region: target.region,
          endpoint,
          envPrefix: 'AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox',
        };
      case 'environment':
        return { region: target.region, endpoint };
      default:
        return { region: target.region, profile: target.profile, endpoint };
    }
  }

  function accountOf(target: Target): Promise<string | undefined> {
    const key = `${target.profile}|${target.region}`;
    let account = accounts.get(key);
    if (!account) {
      account = getCallerIdentity(aws, target).then(
        (id) => id.account,
        () => {
          accounts.delete(key);
          return undefined;
        },
      );
      accounts.set(key, account);
    }
    return account;
  }

  const deploy = new DeployService({
    aws,
    dataDir: opts.dataDir,
    ...(opts.chooseSource ? { chooseSource: opts.chooseSource } : {}),
  });
  const changes = new ChangeService({
    aws,
    bundles: deploy,
    journal,
    cliTarget,
    isReadOnly: (profile) => withReadOnly(registry.resolve(profile).summary).readOnly,
    accountOf,
    ...(opts.deployWait ? { deployWait: opts.deployWait } : {}),
    configFiles: {
      paths: () => sharedFilePaths(opts.env, opts.homeDir),
      changed: () => registry.reloadNow(),
    },
  });
  const logs = new BeanstalkLogService(aws);
  const diagnostics = new DiagnosticsService({
    aws,
    changes,
    store: new DiagnosticsStore(join(opts.dataDir, 'diagnostics.json')),
    families: RULE_FAMILIES,
    accountOf,
    explainAccessDenied,
    cliTarget,
    readLogs: (target, environmentName) => readTailLogLines(logs, target, environmentName),
  });

  const handlers = createHandlers({
    aws,
    awsNow(target) {
      if (!sandbox) return new Date();
      try {
        const profile = registry.resolve(target.profile);
        if (profile.summary.source === 'sandbox' || profile.endpointFor('cloudwatch') === sandbox.endpoint) {
          return sandbox.now();
        }
      } catch {
        // An unknown profile is reported by the call itself.
      }
      return new Date();
    },
    changes,
    journal,
    diagnostics,
    logs,
    deploy,
    listProfiles,
    reloadProfiles() {
      registry.reloadNow();
      // Even unchanged files: a key AWS refused may have been turned back on, so no client keeps old credentials.
      accounts.clear();
      aws.invalidate();
      return listProfiles();
    },
    setReadOnly(profile, readOnly) {
      const summary = registry.resolve(profile).summary;
      if (summary.readOnlyLocked && !readOnly) {
        throw new TrellisError({
          code: 'read-only',
          message: `Profile ${profile} is marked trellis_read_only in its config file; edit the file to allow writes.`,
          retryable: false,
        });
      }
      settings.setReadOnly(profile, readOnly);
      return withReadOnly(registry.resolve(profile).summary);
    },
    setPreferences(profile, change) {
      registry.resolve(profile); // an unknown profile gets its own error, not a stray settings entry
      const preferences = settings.setPreferences(profile, change);
      if (!preferences.production) unlockedProduction.delete(profile);
      return withReadOnly(registry.resolve(profile).summary);
    },
    unlockProduction(profile, unlocked) {
      const summary = registry.resolve(profile).summary;
      if (unlocked && !settings.preferencesOf(profile).production) {
        throw new TrellisError({
          code: 'conflict',
          message: `Profile ${profile} is not marked production, so there is nothing to unlock.`,
          retryable: false,
        });
      }
      if (unlocked) unlockedProduction.add(profile);
      else unlockedProduction.delete(profile);
      return withReadOnly(summary);
    },
    appInfo: () => ({
      mode: opts.mode,
      version: opts.version,
      sandboxEndpoint: sandbox?.endpoint,
      dataDir: opts.dataDir,
      defaultRegion,
    }),
    listSsoAccounts: (profile) => listSsoAccounts(registry, profile),
    listSsoAccountRoles: (profile, accountId) => listSsoAccountRoles(registry, profile, accountId),
    ...signInActions({
      registry,
      aws,
      approvals: settings,
      identity: (target) => getCallerIdentity(aws, target),
      defaultRegion,
    }),
  });
  const router = createRouter(handlers, {
    onInternalError: (channel, err) =>
      log(`internal error on ${channel}: ${err instanceof Error ? err.stack : String(err)}`),
  });

  return {
    router,
    dataDir: opts.dataDir,
    sandbox,
    registry,
    uploads: deploy.uploads,
    async close() {
      offRegistry();
      registry.close();
      aws.destroy();
      await sandbox?.close();
    },
  };
}
