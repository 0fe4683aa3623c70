/**
 * Creating, reconfiguring and deleting domains, with the checks AWS makes on
 * the request before it touches anything.
 */
import { randomBytes } from 'node:crypto';
import { AwsError } from '../../errors';
import { isoSeconds } from '../../protocols/xml';
import type { RequestContext } from '../../serviceModule';
import type { StateDocument } from '../../state/document';
import type { SearchDomainState } from '../../state/searchState';
import type { Dialect } from './shapes';

const DOMAIN_NAME = /^[a-z][a-z0-9-]{2,27}$/;

export const validationException = (message: string): AwsError => new AwsError('ValidationException', message, 400);

export function resourceNotFound(name: string): AwsError {
  // AWS answers a missing domain with 409, not 404; clients rely on the error type header.
  return new AwsError('ResourceNotFoundException', `Domain not found: ${name}`, 409);
}

export function checkDomainName(name: unknown): string {
  if (typeof name !== 'string' || !DOMAIN_NAME.test(name)) {
    throw validationException(
      `1 validation error detected: Value '${String(name)}' at 'domainName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z][a-z0-9\\-]+`,
    );
  }
  return name;
}

export function findDomain(doc: StateDocument, name: string): SearchDomainState {
  const domain = doc.search.domains.find((candidate) => candidate.name === name);
  if (!domain) throw resourceNotFound(name);
  return domain;
}

/**
 * The checks AWS makes on an access policy: it must parse as a JSON object,
 * and its statements must have the types IAM policies have.
 */
export function checkAccessPolicy(text: unknown): string {
  if (typeof text !== 'string') throw validationException('AccessPolicies must be a string.');
  if (text.trim() === '') return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message : 'unparseable';
    throw validationException(`Malformed access policy: the document is not valid JSON (${detail}).`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw validationException('Malformed access policy: the document must be a JSON object.');
  }
  const statement = (parsed as Record<string, unknown>)['Statement'];
  const statements = Array.isArray(statement) ? (statement as unknown[]) : statement === undefined ? [] : [statement];
  if (statement === undefined) {
    throw new AwsError('InvalidTypeException', 'Invalid access policy: the policy has no Statement.', 409);
  }
  for (const [i, s] of statements.entries()) {
    if (typeof s !== 'object' || s === null) {
      throw new AwsError('InvalidTypeException', `Invalid access policy: Statement ${i} is not an object.`, 409);
    }
    const { Effect, Action, NotAction } = s as Record<string, unknown>;
    if (Effect !== 'Allow' && Effect !== 'Deny') {
      throw new AwsError('InvalidTypeException', `Invalid access policy: Statement ${i} has no valid Effect.`, 409);
    }
    if (Action === undefined && NotAction === undefined) {
      throw new AwsError('InvalidTypeException', `Invalid access policy: Statement ${i} has no Action.`, 409);
    }
  }
  return text;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

function engineVersionOf(body: Record<string, unknown>, dialect: Dialect): string {
  const raw = dialect === 'opensearch' ? body['EngineVersion'] : body['ElasticsearchVersion'];
  const value = typeof raw === 'string' ? raw : dialect === 'opensearch' ? 'OpenSearch_2.11' : '7.10';
  const full = /^\d+\.\d+$/.test(value) ? `Elasticsearch_${value}` : value;
  if (!/^(OpenSearch|Elasticsearch)_\d+\.\d+$/.test(full)) {
    throw validationException(`Invalid engine version: ${value}`);
  }
  return full;
}

/** The subnets must exist in the sandbox's EC2 state; the VPC is theirs. */
function vpcOf(doc: StateDocument, raw: unknown): SearchDomainState['vpc'] {
  const options = record(raw);
  const subnetIds = strings(options['SubnetIds']);
  if (subnetIds.length === 0) return undefined;
  const subnets = subnetIds.map((id) => {
    const subnet = doc.ec2.subnets.find((candidate) => candidate.id === id);
    if (!subnet) throw validationException(`The subnet ${id} does not exist.`);
    return subnet;
  });
  return {
    vpcId: subnets[0]!.vpcId,
    subnetIds,
    securityGroupIds: strings(options['SecurityGroupIds']),
    availabilityZones: subnets.map((s) => s.availabilityZone),
  };
}

export function createDomain(body: Record<string, unknown>, dialect: Dialect, context: RequestContext): string {
  const name = checkDomainName(body['DomainName']);
  const accessPolicies = checkAccessPolicy(body['AccessPolicies'] ?? '');
  const cluster = record(dialect === 'opensearch' ? body['ClusterConfig'] : body['ElasticsearchClusterConfig']);
  const ebs = record(body['EBSOptions']);
  const security = record(body['AdvancedSecurityOptions']);
  const master = record(security['MasterUserOptions']);
  const now = isoSeconds(context.now());
  context.store.mutate((draft) => {
    if (draft.search.domains.some((candidate) => candidate.name === name)) {
      throw new AwsError('ResourceAlreadyExistsException', `Domain ${name} already exists.`, 409);
    }
    const vpc = vpcOf(draft, body['VPCOptions']);
    draft.search.domains.push({
      name,
      endpointId: randomBytes(13).toString('hex'),
      region: context.region,
      engineVersion: engineVersionOf(body, dialect),
      createDate: now,
      updateDate: now,
      updateVersion: 1,
      cluster: {
        instanceType:
          typeof cluster['InstanceType'] === 'string'
            ? cluster['InstanceType']
            : dialect === 'opensearch'
              ? 'r6g.large.search'
              : 'r5.large.elasticsearch',
        instanceCount: typeof cluster['InstanceCount'] === 'number' ? cluster['InstanceCount'] : 1,
        dedicatedMasterEnabled: cluster['DedicatedMasterEnabled'] === true,
        zoneAwarenessEnabled: cluster['ZoneAwarenessEnabled'] === true,
      },
      ebs: {
        enabled: ebs['EBSEnabled'] === true,
        ...(typeof ebs['VolumeType'] === 'string' ? { volumeType: ebs['VolumeType'] } : {}),
        ...(typeof ebs['VolumeSize'] === 'number' ? { volumeSize: ebs['VolumeSize'] } : {}),
      },
      accessPolicies,
      ...(vpc ? { vpc } : {}),
      advancedSecurity: {
        enabled: security['Enabled'] === true,
        internalUserDatabaseEnabled: security['InternalUserDatabaseEnabled'] === true,
        ...(typeof master['MasterUserName'] === 'string' ? { masterUserName: master['MasterUserName'] } : {}),
      },
    });
  });
  return name;
}

/** Only the access policy is reconfigurable here; other options are accepted and ignored, as the console only edits policies. */
export function updateDomainConfig(name: string, body: Record<string, unknown>, context: RequestContext): void {
  const accessPolicies = body['AccessPolicies'] === undefined ? undefined : checkAccessPolicy(body['AccessPolicies']);
  context.store.mutate((draft) => {
    const domain = findDomain(draft, name);
    if (accessPolicies === undefined) return;
    domain.accessPolicies = accessPolicies;
    domain.updateDate = isoSeconds(context.now());
    domain.updateVersion += 1;
  });
}

export function deleteDomain(name: string, context: RequestContext): SearchDomainState {
  // Read from the document, not the draft: a draft does not outlive its mutation.
  const removed = findDomain(context.store.document, name);
  context.store.mutate((draft) => {
    draft.search.domains = draft.search.domains.filter((candidate) => candidate.name !== name);
  });
  return removed;
}
