/**
 * The practice sandbox: a local, AWS-compatible endpoint seeded with the
 * training lab, used by the console on machines without an AWS account and by
 * the tests. The real AWS SDK and AWS CLI talk to it unchanged.
 */
import type { AddressInfo } from 'node:net';
import { FaultInjector } from './faults/injector';
import type { FaultConfig, FaultStats } from './faults/types';
import { createRouter, SERVICES } from './router';
import type { Partition } from '../shared/aws/partitions';
import { buildScenario, checkScenarioPartition, resolveScale, type ScenarioScale } from './scenarios';
import { handleSsoPage } from './services/sso/approvalPage';
import { createSandboxServer } from './server';
import type { ScenarioName } from './state/document';
import { StateStore } from './state/store';

export { SandboxStateError } from './state/store';
export type { FaultConfig, FaultKind, FaultRule, FaultStats } from './faults/types';
export { FaultConfigError } from './faults/config';
export { DEFAULT_SCALE, type ScenarioScale } from './scenarios';
/** RFC 6238 codes for the sandbox's virtual MFA devices, computed at any instant (pass the sandbox clock's time). */
export { totp } from './services/sts/totp';
/** The lab's MFA device (serial, base32 secret), its user, and the role that requires it. */
export { TRAINING_LAB_SIGN_IN, TRAINING_LAB_SSO } from './scenarios/trainingLabSignIn';

export interface SandboxOptions {
  /** 0 or undefined = random free port; always binds 127.0.0.1 only. */
  port?: number;
  /** Default 'training-lab'. */
  scenario?: ScenarioName;
  /** Sizes for `large-account` (any left out take DEFAULT_SCALE's); also used by `reset`. Other scenarios ignore it. */
  scale?: Partial<ScenarioScale>;
  /** Builds a new account in aws-cn or aws-us-gov (the empty scenario only); it then answers only in that partition's regions. */
  partition?: Partition;
  /**
   * When set: load it if it exists (else seed the scenario). Every change is durable before its request is
   * answered: appended to `<stateFile>.log`, which is folded back into the state file as it grows and at close.
   */
  stateFile?: string;
  /** Compact the change log once it passes this many bytes (default: the larger of 4 MiB and the state file). */
  compactLogAtBytes?: number;
  /** Injectable clock for tests. */
  now?: () => Date;
  /** How long a client may take to send a whole request before it is answered 408 and closed (default 30 s). */
  receiveTimeoutMs?: number;
  /** Faults to inject from the start (throttling, 5xx, latency, hangs, …); validated, a bad rule throws FaultConfigError. */
  faults?: FaultConfig;
}

/** The live fault rules, for in-process tests; the same as the `/_trellis/faults` admin route. */
export interface SandboxFaults {
  /** Replaces the rules (a bad rule throws FaultConfigError naming the field) and zeroes the statistics. */
  set(config: FaultConfig): void;
  clear(): void;
  stats(): FaultStats;
}

export interface RunningSandbox {
  /** e.g. 'http://127.0.0.1:43121' */
  endpoint: string;
  port: number;
  /** '570589970431' for training-lab */
  accountId: string;
  /** Reseeds the state; without an argument, with the scenario the state currently holds. */
  reset(scenario?: ScenarioName): Promise<void>;
  /** Moves the sandbox clock forward (simulated operations complete when it passes their end); never back. */
  advanceClock(ms: number): void;
  /** The sandbox clock now: ahead of the machine's once advanced, and what its metrics and events are stamped with. */
  now(): Date;
  faults: SandboxFaults;
  close(): Promise<void>;
}

export const SANDBOX_REGION = 'us-east-1';

/** Any unknown key acts as the account administrator; this pair is the one the console's built-in `sandbox` profile uses. */
export const SANDBOX_ADMIN_CREDENTIALS: { accessKeyId: string; secretAccessKey: string } = {
  accessKeyId: 'AKIATRELLISSANDBOX01',
  secretAccessKey: 'trellis-sandbox-practice-only-not-secret',
};

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`Sandbox port must be an integer from 0 to 65535, got ${String(opts.port)}.`);
  }
  const receive = opts.receiveTimeoutMs;
  if (receive !== undefined && (!Number.isInteger(receive) || receive < 100 || receive > 600_000)) {
    throw new RangeError(`receiveTimeoutMs must be an integer from 100 to 600000, got ${String(receive)}.`);
  }
  // A bad size is refused now, not only when a reset first needs it.
  if (opts.scale !== undefined) resolveScale(opts.scale);
  if (opts.partition !== undefined) checkScenarioPartition(opts.scenario ?? 'training-lab', opts.partition);
  const faults = new FaultInjector(
    SERVICES.map((service) => service.signingName),
    opts.faults,
  );
  const baseNow = opts.now ?? ((): Date => new Date());
  // The clock is the injected one plus an offset that tests and the admin route move forward.
  let clockOffsetMs = 0;
  const now = (): Date => new Date(baseNow().getTime() + clockOffsetMs);
  const advanceClock = (ms: number): void => {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`advanceClock needs a non-negative number of milliseconds, got ${String(ms)}.`);
    clockOffsetMs += ms;
  };
  const store = await StateStore.open({
    file: opts.stateFile,
    scenario: opts.scenario ?? 'training-lab',
    now,
    ...(opts.scale === undefined ? {} : { scale: opts.scale }),
    ...(opts.partition === undefined ? {} : { partition: opts.partition }),
    ...(opts.compactLogAtBytes === undefined ? {} : { compactLogAtBytes: opts.compactLogAtBytes }),
  });

  const reset = async (scenario?: ScenarioName): Promise<ScenarioName> => {
    const name = scenario ?? store.document.scenario;
    store.replace(buildScenario(name, now(), opts.scale, opts.partition));
    await store.flush();
    return name;
  };

  const server = createSandboxServer(
    createRouter({ store, now, faults }),
    {
      faults,
      scenario: () => store.document.scenario,
      reset,
      advanceClock: (ms) => {
        advanceClock(ms);
        return now();
      },
      // An approval is a write: durable before the page says it is done.
      ssoPages: async (request) => {
        const answer = handleSsoPage(request, { store, now });
        await store.flush();
        return answer;
      },
    },
    opts.receiveTimeoutMs,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const boundPort = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${boundPort}`,
    port: boundPort,
    accountId: store.document.account.id,
    reset: async (scenario) => {
      await reset(scenario);
    },
    advanceClock,
    now,
    faults: {
      set: (config) => faults.set(config),
      clear: () => faults.clear(),
      stats: () => faults.stats(),
    },
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from SDK clients would otherwise hold close() open indefinitely.
        server.closeAllConnections();
      }).then(() => store.close());
      return closing;
    },
  };
}
