/**
 * What the health evaluator finds wrong with an environment. Each problem
 * carries EB's own reporting (health, causes, events) and, where the
 * instance's logs need more than EB says, a structured detail: the missing
 * module, the WSGI target, the database, the denied calls. The log
 * simulation (simulation/logs) prints from the detail, so the logs and the
 * health never disagree about what is wrong.
 */
import type { EventSeverity, HealthStatus, OptionSettingState } from '../state/beanstalkState';

export type ProblemStage = 'launch' | 'deploy' | 'runtime';
export type ProblemCode =
  | 'service-role'
  | 'instance-profile'
  | 'security-groups'
  | 'bundle'
  | 'wsgi-path'
  | 'requirements'
  | 'missing-properties'
  | 'no-region'
  | 'secrets'
  | 'database'
  | 'app-permissions';

export interface ProblemEvent {
  readonly severity: EventSeverity;
  readonly message: string;
}

/** A call the app makes with the instance role that IAM refuses, as botocore reports it. */
export interface DeniedCall {
  readonly action: string;
  /** The boto3 operation name, e.g. `GetObject`. */
  readonly operation: string;
  /** `botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling …`. */
  readonly error: string;
}

export type ProblemDetail =
  | { readonly kind: 'wsgi-file'; readonly path: string }
  | {
      readonly kind: 'wsgi-target';
      readonly target: string;
      readonly module: string;
      readonly callable: string;
      /** `module`: no such file to import; `callable`: not a name or call gunicorn can parse. */
      readonly reason: 'module' | 'callable';
    }
  | { readonly kind: 'requirements'; readonly module: string }
  | { readonly kind: 'missing-properties'; readonly names: readonly string[] }
  | { readonly kind: 'no-region' }
  | {
      readonly kind: 'database';
      readonly host: string;
      readonly port: number;
      readonly engine: 'mysql' | 'postgres';
      /** The client library's exception line. */
      readonly error: string;
    }
  | { readonly kind: 'app-permissions'; readonly denials: readonly DeniedCall[] }
  | { readonly kind: 'secrets'; readonly failures: readonly string[] }
  | { readonly kind: 'bundle'; readonly error: string };

export interface Problem {
  readonly code: ProblemCode;
  readonly stage: ProblemStage;
  /** `Unknown` (Grey) when EB itself cannot act for the environment, so it has no health to report. */
  readonly health: Extract<HealthStatus, 'Severe' | 'Degraded' | 'Warning' | 'Unknown'>;
  readonly causes: readonly string[];
  /** Emitted when an operation on the environment completes with this problem present. */
  readonly events: readonly ProblemEvent[];
  readonly detail?: ProblemDetail;
}

export interface Diagnosis {
  readonly problems: readonly Problem[];
  readonly health: HealthStatus;
  readonly causes: readonly string[];
  /** True when a launch or deploy step fails, so AWS reports the operation itself as failed. */
  readonly operationFailed: boolean;
}

/** What is being evaluated: the settings and version as they will be once the operation completes. */
export interface EvaluationInput {
  readonly optionSettings: readonly OptionSettingState[];
  readonly versionLabel: string | undefined;
}

export const FAILING_5XX = '100.0 % of the requests are failing with HTTP 5xx.';
/** Only the requests that touch the denied service fail; the rest of the app keeps answering. */
export const SOME_FAILING_5XX = '32.0 % of the requests are failing with HTTP 5xx.';
export const WEB_NOT_RUNNING = 'Following services are not running: web.';
