// The fault-injection contract shared by the sandbox (which injects) and the console's tests (which
// drive it). Kept free of runtime code so both sides can import it without pulling in the engine.

export type FaultKind = 'throttle' | 'http-500' | 'http-503' | 'latency' | 'hang' | 'expired-token' | 'access-denied';

export interface FaultRule {
  /** The service's signing name as the router knows it ('iam', 'ssm', 'elasticbeanstalk', 'ec2', 'rds', 'es', 'sts', 'logs', 's3', ...); absent = every service. */
  service?: string;
  /** The AWS operation name ('DescribeParameters'); absent = every operation of the service. */
  operation?: string;
  kind: FaultKind;
  /** Fraction of matching requests affected, 0..1; default 1. Drawn from a seeded generator so runs repeat. */
  rate?: number;
  /** For 'latency': added delay in ms (0..120000). */
  latencyMs?: number;
  /** For 'throttle': which code; default the one the service really uses (IAM/STS/EC2 query: 'Throttling'; JSON services such as SSM: 'ThrottlingException'; REST-JSON such as OpenSearch/Beanstalk-if-applicable: 'TooManyRequestsException'). */
  throttleCode?: 'Throttling' | 'ThrottlingException' | 'TooManyRequestsException';
  /** Stop after injecting this many; absent = no limit. */
  count?: number;
}

export interface FaultConfig {
  rules: FaultRule[];
  seed?: number;
}

export interface FaultStats {
  /** AWS requests seen since the rules were last set (admin routes not counted). */
  requests: number;
  /** Faults injected, by kind. */
  injected: Record<FaultKind, number>;
  /** Per "service:Operation": requests seen and faults injected. */
  byOperation: Record<string, { requests: number; injected: number }>;
}
