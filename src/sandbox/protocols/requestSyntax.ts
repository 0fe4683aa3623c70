/**
 * Request syntax every protocol shares, checked before a service reads the
 * request: percent-encoding that decodes to valid UTF-8, no parameter named
 * twice, no absurd parameter names, and bodies within the size limit. URL
 * parsing in Node is lenient (a bad escape stays literal, bad UTF-8 becomes
 * U+FFFD), so without these checks a malformed request would be answered as if
 * it meant something else. Each refusal uses the code its protocol family uses.
 */
import { AwsError } from '../errors';
import type { SandboxRequest } from '../serviceModule';

/** Longer than any parameter name an AWS API defines (`LaunchTemplateData.BlockDeviceMapping.1.Ebs.KmsKeyId`). */
export const MAX_PARAMETER_NAME = 256;

const QUERY_FAMILY = new Set(['iam', 'sts', 'elasticbeanstalk', 'rds', 'ec2']);

/** The refusal for a URI (path or query string) that does not parse, in the service's family. */
function malformed(service: string, detail: string): AwsError {
  switch (service) {
    case 's3':
      return new AwsError('InvalidURI', `Couldn't parse the specified URI. ${detail}`, 400);
    case 'es':
      return new AwsError('ValidationException', detail, 400);
    default:
      // AWS's common error for the query APIs (listed with HTTP 404 in every query API's CommonErrors).
      return new AwsError('MalformedQueryString', `The query string contains a syntax error. ${detail}`, 404);
  }
}

/** What a body over the sandbox's limit gets, in the service's family. */
export function bodyTooLarge(service: string | undefined, limitBytes: number): AwsError {
  const mib = limitBytes / (1024 * 1024);
  if (service === 's3') {
    return new AwsError(
      'EntityTooLarge',
      `Your proposed upload exceeds the maximum allowed size (${mib} MiB in the Trellis sandbox).`,
      400,
    );
  }
  return new AwsError('RequestEntityTooLarge', `The request body exceeds the sandbox's ${mib} MiB limit.`, 413);
}

function decodeComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** Checks `a=1&b=2` text; returns what is wrong with it, or undefined. */
function formSyntaxProblem(text: string, where: string): string | undefined {
  const seen = new Set<string>();
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq === -1 ? part : part.slice(0, eq);
    const name = decodeComponent(rawName);
    const value = eq === -1 ? '' : decodeComponent(part.slice(eq + 1));
    if (name === undefined || value === undefined) {
      return `The ${where} has a bad percent-escape or bytes that are not UTF-8 near '${part.slice(0, 40)}'.`;
    }
    if (name.length > MAX_PARAMETER_NAME) {
      return `The ${where} names a parameter of ${name.length} characters; the limit is ${MAX_PARAMETER_NAME}.`;
    }
    if (seen.has(name)) return `The ${where} names the parameter '${name.slice(0, 64)}' more than once.`;
    seen.add(name);
  }
  return undefined;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function isForm(request: SandboxRequest): boolean {
  const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
  return contentType === '' || contentType.startsWith('application/x-www-form-urlencoded');
}

/** The whole of S3's CreateBucketConfiguration schema the sandbox accepts: an optional LocationConstraint. */
const CREATE_BUCKET_CONFIGURATION =
  /^\s*(?:<\?xml[^>]*\?>)?\s*<CreateBucketConfiguration(?:\s[^>]*)?>\s*(?:<LocationConstraint>[A-Za-z0-9-]*<\/LocationConstraint>)?\s*<\/CreateBucketConfiguration>\s*$/;

function isCreateBucket(request: SandboxRequest): boolean {
  // `/bucket` and `/bucket/` name the bucket, as the S3 module reads them; anything longer names a key.
  const target = request.path.replace(/^\/+/, '').replace(/\/$/, '');
  return request.method === 'PUT' && target !== '' && !target.includes('/');
}

/**
 * Throws the family's AwsError when the request's URI (or, for the query APIs, its form body) is malformed.
 * `rawQuery` is the query string as sent (without `?`), since URLSearchParams has already forgiven it.
 */
export function checkRequestSyntax(service: string, request: SandboxRequest, rawQuery: string): void {
  const queryProblem = formSyntaxProblem(rawQuery, 'query string');
  if (queryProblem) throw malformed(service, queryProblem);
  // The REST protocols route on the path, so its segments must decode too (the others ignore it).
  if (service === 's3' || service === 'es') {
    for (const segment of request.path.split('/')) {
      if (decodeComponent(segment.replace(/\+/g, '%2B')) === undefined) {
        throw malformed(service, `The path segment '${segment.slice(0, 40)}' is not valid percent-encoded UTF-8.`);
      }
    }
  }
  if (service === 's3' && request.body.length > 0 && isCreateBucket(request)) {
    if (!CREATE_BUCKET_CONFIGURATION.test(request.body.toString('utf8'))) {
      throw new AwsError(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema',
        400,
      );
    }
  }
  if (QUERY_FAMILY.has(service) && request.body.length > 0 && isForm(request)) {
    let text: string;
    try {
      text = STRICT_UTF8.decode(request.body);
    } catch {
      throw malformed(service, 'The form body is not UTF-8.');
    }
    const bodyProblem = formSyntaxProblem(text, 'form body');
    if (bodyProblem) throw malformed(service, bodyProblem);
  }
}
