import type { AppError } from '../../shared/contract';

/**
 * What a service saying "these credentials are no good" means. Two families:
 * the credentials ran out (a session past its end), or AWS no longer knows the
 * key at all (deleted, deactivated or rotated). Each protocol family words the
 * second its own way.
 */
const EXPIRED_CODES = new Set(['ExpiredToken', 'ExpiredTokenException']);
/**
 * EC2's word for a session token past its end. It also means a skewed clock,
 * but the SDK corrects skew and retries, so one that reaches us is an expiry.
 */
export const EC2_EXPIRED = 'RequestExpired';
/**
 * awsQuery services (STS, IAM, Elastic Beanstalk, RDS) say InvalidClientTokenId,
 * JSON services UnrecognizedClientException, S3 InvalidAccessKeyId, EC2 AuthFailure.
 */
const REJECTED_KEY_CODES = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'AuthFailure',
]);

export function isExpiredToken(error: AppError): boolean {
  const code = error.awsCode ?? '';
  return (error.code === 'credentials' && EXPIRED_CODES.has(code)) || code === EC2_EXPIRED;
}

export function isRejectedKey(error: AppError): boolean {
  return error.code === 'credentials' && REJECTED_KEY_CODES.has(error.awsCode ?? '');
}

/** Either family: the credentials a client holds must not be sent again. */
export function isCredentialRejection(error: AppError): boolean {
  return isExpiredToken(error) || isRejectedKey(error);
}

/** Which call was turned down, kept when the error becomes a sign-in request. */
export function callFacts(error: AppError): Partial<AppError> {
  const call = {
    service: error.service,
    operation: error.operation,
    awsCode: error.awsCode,
    requestId: error.requestId,
    httpStatus: error.httpStatus,
  };
  return Object.fromEntries(Object.entries(call).filter(([, value]) => value !== undefined));
}

/**
 * The keys in a file were refused: only the user can put new ones there. Only
 * the key id's last four characters are named, enough to tell old from new.
 */
export function replaceKeysNeeded(
  profile: string,
  keys: { accessKeyId: string; file: string },
  rejected: AppError,
): AppError {
  const accessKeyHint = keys.accessKeyId.slice(-4);
  const expired = isExpiredToken(rejected);
  return {
    ...callFacts(rejected),
    code: 'credentials',
    message: expired
      ? `The temporary keys of profile '${profile}' (access key ending in ${accessKeyHint}) have expired.`
      : `AWS rejected the access key ending in ${accessKeyHint} of profile '${profile}': it was deleted, deactivated or replaced.`,
    retryable: false,
    hint: expired
      ? `The temporary keys of profile '${profile}' have expired. Put fresh ones (aws_access_key_id, aws_secret_access_key, aws_session_token) in ${keys.file}, then choose "Replace access key" and "Check again".`
      : `Put the profile's new key pair (aws_access_key_id, aws_secret_access_key) in ${keys.file}, then choose "Replace access key" and "Check again".`,
    signIn: { kind: 'replace-keys', profile, file: keys.file, accessKeyHint },
  };
}
