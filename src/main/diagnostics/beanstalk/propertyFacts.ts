/**
 * The facts the environment-property rules (F7, F8, F9, F11) share, and the
 * small lookups they all make. Values are raw: they stay in main.
 */
import type { FindingResource, OptionSetting } from '../../../shared/contract';
import type { EnvironmentFacts, EnvironmentMetricFacts, EventFact, LogLineFact, ParameterFact } from '../facts';
import type { RuleOutput } from '../types';

export interface InstanceRoleFacts {
  profileName: string;
  /** Undefined when the instance profile does not exist or has no role (F16's business). */
  roleName?: string;
  /** The current FetchSSMParameters inline policy document of that role, when it has one. */
  fetchPolicy?: string;
}

export interface PropertiesEnvironmentFacts {
  environment: EnvironmentFacts;
  options: OptionSetting[];
  /** Plain properties, raw values. */
  properties: Record<string, string>;
  /** environmentsecrets: property name → ARN. */
  secrets: Record<string, string>;
  /** Newest first. */
  events: EventFact[];
  /** The instances' latest log lines, when the scan read them. */
  logs?: LogLineFact[];
  /** Health and 5xx over the last hours, when read. */
  metrics?: EnvironmentMetricFacts;
  /** Variables the deployed bundle's Python code reads without a default (`os.environ['X']`). */
  codeReads?: Array<{ name: string; file: string; line: number }>;
  /** The deployed bundle could not be read (a scan problem says why), so the code's own requirements are unknown. */
  codeUnread?: boolean;
  /** Parameters under the declared path; undefined when none is declared or the read failed. */
  declaredParameters?: ParameterFact[];
  /** The SSM parameters environmentsecrets entries point at (those that exist), by property name. */
  referencedParameters: Record<string, ParameterFact>;
  /** Decrypted values of credential-looking parameters, by parameter name (F9). Never leaves main. */
  parameterValues: Record<string, string>;
  /** Present when F11 has something to move. */
  instanceRole?: InstanceRoleFacts;
  /** Leaf names already under the path F8/F11 write to. */
  existingTargetParameters: string[];
  /**
   * Safe random values made in collect so evaluate stays pure, keyed
   * `F8:<property>` (generated missing secret), `F9:<parameter name>` and
   * `F9@<property>` (rotation candidates).
   */
  generated: Record<string, string>;
}

export interface EnvironmentPropertiesFacts {
  environments: PropertiesEnvironmentFacts[];
}

export type Out = RuleOutput;

export function envResource(env: EnvironmentFacts): FindingResource {
  return { type: 'environment', name: env.name };
}

/** Set as a plain property or delivered as an environment secret: either way the app sees it. */
export function isSet(facts: PropertiesEnvironmentFacts, name: string): boolean {
  return name in facts.properties || name in facts.secrets;
}

/** SSM names allow letters, digits and `_.-/`; property names are usually already that. */
export function parameterLeaf(propertyName: string): string {
  return propertyName.replace(/[^A-Za-z0-9_.-]/g, '_');
}
