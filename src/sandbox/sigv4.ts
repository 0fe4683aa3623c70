/**
 * Reads the SigV4 credential scope, which tells the sandbox which service a
 * request is for and which access key sent it.
 *
 * The signature itself is deliberately not verified. The sandbox is a practice
 * endpoint bound to loopback, every key in it is fake, and identity comes from
 * the access key id alone; verifying would only make clients configured with a
 * mistyped secret fail for no benefit. The parts of a signature are still
 * required to be present, so a client that does not sign at all is told so,
 * exactly as AWS would.
 */
import { AwsError } from './errors';

export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

export function missingAuthenticationToken(): AwsError {
  return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
}

function incompleteSignature(problems: readonly string[], header: string): AwsError {
  // AWS echoes the header back; cap it so a huge header cannot bloat the response.
  const shown = header.length > 200 ? `${header.slice(0, 200)}...` : header;
  return new AwsError('IncompleteSignature', `${problems.join(' ')} Authorization=${shown}`, 403);
}

export function parseAuthorization(header: string | undefined): CredentialScope {
  if (header === undefined || header.trim() === '') throw missingAuthenticationToken();
  const trimmed = header.trim();
  if (!trimmed.startsWith(`${ALGORITHM} `)) {
    throw incompleteSignature([`Unsupported AWS 'algorithm': only ${ALGORITHM} is accepted.`], trimmed);
  }
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(ALGORITHM.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const problems: string[] = [];
  for (const required of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!fields.get(required)) problems.push(`Authorization header requires '${required}' parameter.`);
  }
  const credential = fields.get('Credential');
  const scope = credential?.split('/') ?? [];
  const [accessKeyId, date, region, service, terminator] = scope;
  if (credential && (scope.length !== 5 || !accessKeyId || !date || !region || !service)) {
    problems.push(`Credential should be scoped to a valid region, service and date, got '${credential}'.`);
  } else if (credential && terminator !== 'aws4_request') {
    problems.push(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`);
  }
  if (problems.length > 0 || !accessKeyId || !date || !region || !service) throw incompleteSignature(problems, trimmed);
  return { accessKeyId, date, region, service };
}
