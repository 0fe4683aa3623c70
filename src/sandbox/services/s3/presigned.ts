/**
 * Presigned URLs, as S3 checks them: a URL is good from its `X-Amz-Date` for
 * `X-Amz-Expires` seconds (at most a week), then refused with S3's
 * "Request has expired", naming when it expired and the server's time.
 * Expiry runs on the sandbox clock, so tests move past it instead of waiting.
 */
import { S3Error } from '../../protocols/restXml';
import { isoSeconds } from '../../protocols/xml';
import { isPresigned, parseAmzDate } from '../../sigv4';

const MAX_EXPIRES_SECONDS = 604_800;

function queryError(message: string): S3Error {
  return new S3Error('AuthorizationQueryParametersError', message, 400);
}

/** Throws S3's error for a presigned URL that is malformed or past its expiry; a header-signed request passes. */
export function checkPresignedExpiry(query: URLSearchParams, headers: { authorization?: string }, now: Date): void {
  if (headers.authorization !== undefined || !isPresigned(query)) return;
  const dateText = query.get('X-Amz-Date') ?? '';
  const signedAt = parseAmzDate(dateText);
  if (signedAt === undefined) {
    throw queryError(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
  }
  const expiresText = query.get('X-Amz-Expires') ?? '';
  const expires = /^\d+$/.test(expiresText) ? Number(expiresText) : Number.NaN;
  if (!Number.isInteger(expires) || expires < 0) {
    throw queryError('X-Amz-Expires should be a number');
  }
  if (expires > MAX_EXPIRES_SECONDS) {
    throw queryError('X-Amz-Expires must be less than a week (in seconds) that is; 604800');
  }
  const expiresAt = signedAt + expires * 1000;
  if (now.getTime() > expiresAt) {
    throw new S3Error('AccessDenied', 'Request has expired', 403, {
      'X-Amz-Expires': expiresText,
      Expires: isoSeconds(new Date(expiresAt)),
      ServerTime: isoSeconds(now),
    });
  }
}
