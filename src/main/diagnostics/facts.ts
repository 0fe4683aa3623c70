/**
 * What rules may read, as plain data. The ScanSource memoises every read for
 * the length of one scan, so ten rules asking for the same environment's
 * configuration cost one DescribeConfigurationSettings.
 *
 * Values here are raw (environment property values, decrypted parameter
 * values) because rules must look inside them; they stay in main and only
 * findings, which carry fingerprints or names, cross to the renderer.
 */
import type {
  AccessKey,
  ApplicationVersion,
  DatabaseSummary,
  HealthColor,
  IamSnapshot,
  OptionSetting,
  RuleId,
  SearchDomainDetail,
} from '../../shared/contract';

export interface EnvironmentFacts {
  name: string;
  id: string;
  applicationName: string;
  /** Launching, Updating, Ready, Terminating, Terminated. */
  status: string;
  health: HealthColor;
  healthStatus?: string;
  causes: string[];
  /** SolutionStackName, e.g. `64bit Amazon Linux 2023 v4.3.0 running Python 3.11`. */
  solutionStackName?: string;
  platformArn?: string;
  versionLabel?: string;
  tier: string;
  cname?: string;
}

export interface EventFact {
  at: string;
  severity: string;
  message: string;
  versionLabel?: string;
  requestId?: string;
}

/** One line of an instance's log file, as read from its latest tail logs. */
export interface LogLineFact {
  /** As on the instance, e.g. `/var/log/httpd/error_log`. */
  file: string;
  instanceId: string;
  /** When the instance took the logs (EB's SampleTimestamp); the lines carry their own times in their text. */
  sampledAt?: string;
  text: string;
}

export interface InstanceFact {
  instanceId: string;
  state?: string;
  privateIp?: string;
  vpcId?: string;
  subnetId?: string;
  securityGroupIds: string[];
  instanceProfileArn?: string;
  /** The Name tag, when there is one. */
  name?: string;
  /** Set for instances Elastic Beanstalk launched (tag elasticbeanstalk:environment-name). */
  environmentName?: string;
}

/** One datapoint: the period's start and its statistic. */
export interface MetricPointFact {
  t: string;
  v: number;
}

/**
 * An environment's CloudWatch metrics over the scan's window, oldest first.
 * `read` with empty series means CloudWatch had no data; `denied` and
 * `unavailable` mean the read failed, and rules then judge from events and
 * health alone.
 */
export interface EnvironmentMetricFacts {
  status: 'read' | 'denied' | 'unavailable';
  /** Why the metrics are missing, in words (the AWS error for denied/unavailable). */
  note?: string;
  /** Seconds per point. */
  period: number;
  start: string;
  end: string;
  /** EnvironmentHealth, Maximum per period: 0 OK, 1 Info, 5 Unknown, 10 No data, 15 Warning, 20 Degraded, 25 Severe. */
  health: MetricPointFact[];
  /** 100 × ApplicationRequests5xx / ApplicationRequestsTotal per period (metric math); absent where no requests. */
  percent5xx: MetricPointFact[];
  /** ApplicationRequestsTotal, Sum per period. */
  requests: MetricPointFact[];
}

export interface EnvironmentDetail {
  environment: EnvironmentFacts;
  /** Deployed option settings, raw values (property values included). */
  options: OptionSetting[];
  /** `aws:elasticbeanstalk:application:environment`, name → raw value. */
  properties: Record<string, string>;
  /** `aws:elasticbeanstalk:application:environmentsecrets`, name → ARN. */
  secrets: Record<string, string>;
  /** Newest first, at most the last 200 (all severities). */
  events: EventFact[];
  instances: InstanceFact[];
  /** The deployed version with its bundle listing; undefined when it could not be read (see problems). */
  version?: ApplicationVersion;
  /** The instances' latest tail logs, line by line; empty unless the scan was asked to read logs. */
  logs: LogLineFact[];
  /** Health and 5xx over the last hours; absent only where a fixture predates metrics. */
  metrics?: EnvironmentMetricFacts;
}

export interface IngressPermission {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs: string[];
  groupIds: string[];
}

export interface SecurityGroupFact {
  id: string;
  name: string;
  vpcId?: string;
  description: string;
  ingress: IngressPermission[];
  tags: Record<string, string>;
}

export interface VpcFact {
  id: string;
  isDefault: boolean;
  cidr?: string;
  name?: string;
}

export interface SubnetFact {
  id: string;
  vpcId: string;
  cidr?: string;
  availabilityZone?: string;
  name?: string;
  /** MapPublicIpOnLaunch, the closest cheap signal of a public subnet. */
  mapPublicIp: boolean;
}

export interface InstanceProfileFact {
  name: string;
  arn: string;
  roleNames: string[];
}

export interface SimulationFact {
  action: string;
  resource: string;
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  /** Policy names (or ids) of the statements that decided it. */
  matched: string[];
}

export interface ParameterFact {
  name: string;
  arn?: string;
  type: string;
  version: number;
  keyId?: string;
}

export interface ScanSource {
  /** Who the scan runs as, and in which account. */
  identity(): Promise<{ account: string; arn: string }>;
  environments(): Promise<EnvironmentFacts[]>;
  environment(name: string): Promise<EnvironmentDetail>;
  iam(): Promise<IamSnapshot>;
  /** null when it does not exist (NoSuchEntity). */
  instanceProfile(name: string): Promise<InstanceProfileFact | null>;
  /** The default version's document text (decoded), or null when the policy does not exist. */
  managedPolicyDocument(policyArn: string): Promise<string | null>;
  /** SimulatePrincipalPolicy, one result per action × resource. */
  simulate(principalArn: string, actions: string[], resourceArns?: string[]): Promise<SimulationFact[]>;
  accessKeys(userName: string): Promise<AccessKey[]>;
  databases(): Promise<DatabaseSummary[]>;
  securityGroups(): Promise<SecurityGroupFact[]>;
  vpcs(): Promise<VpcFact[]>;
  subnets(): Promise<SubnetFact[]>;
  /** Every EC2 instance in the region, Beanstalk's and others'. */
  instances(): Promise<InstanceFact[]>;
  searchDomains(): Promise<SearchDomainDetail[]>;
  /** Parameters under a path (recursive), or all when no path is given. */
  parameters(path?: string): Promise<ParameterFact[]>;
  /** Decrypted value; null when the parameter does not exist. Never log it. */
  parameterValue(name: string): Promise<string | null>;
  /**
   * The scanned environments' metrics, by environment name, read in one GetMetricData call for all of
   * them. Never throws: a denied or failed read is a fact with that status.
   */
  metrics(): Promise<ReadonlyMap<string, EnvironmentMetricFacts>>;
  /**
   * Runs a read and records its failure as a problem of the scan instead of
   * failing the family: the rest of the scan still reports what it could see.
   */
  attempt<T>(area: string, rules: readonly RuleId[], read: () => Promise<T>): Promise<T | undefined>;
}
