/**
 * Which permission a refused call lacked. AWS names it in the refusal ("User:
 * arn:… is not authorized to perform: kms:Decrypt on resource: arn:…"), but
 * not always: S3's classic "Access Denied", moto and older services name
 * nothing, and then the call itself is the permission it needed. Views use
 * this to say "s3:GetObject on arn:aws:s3:::bucket/key is not allowed" rather
 * than repeat AWS's sentence.
 */
import type { AppError } from '../../shared/contract';
import { toAppError, TrellisError } from '../aws/errors';

export interface DeniedPermission {
  /** `service:Action`, as an IAM policy names it. */
  action: string;
  /** The ARN the refusal names, or the one the caller knows it asked about. */
  resource?: string;
}

const NAMED = /is not authorized to perform:?\s*([\w-]+:[\w*]+)(?:\s+on resource:?\s*(?:"([^"]+)"|(arn:[^\s"]+)))?/i;

/** SDK client ids that differ from the IAM service prefix. */
const PREFIX: Readonly<Record<string, string>> = { opensearch: 'es', elasticsearch: 'es' };

export function isAccessDenied(err: unknown): boolean {
  return toAppError(err).code === 'access-denied';
}

/**
 * The permission `err` says is missing, or undefined when `err` is not an
 * access denial. `fallback` is the call's own action (and resource), used
 * when AWS's message names none.
 */
export function deniedPermission(err: unknown, fallback?: DeniedPermission): DeniedPermission | undefined {
  const error = toAppError(err);
  if (error.code !== 'access-denied') return undefined;
  const named = NAMED.exec(error.message);
  if (named?.[1]) {
    // A bare ARN can end a sentence; its own characters never include a final period or comma.
    const resource = named[2] ?? named[3]?.replace(/[.,;]+$/, '') ?? fallback?.resource;
    return { action: named[1], ...(resource ? { resource } : {}) };
  }
  if (fallback) return fallback;
  if (error.service && error.operation) {
    return { action: `${PREFIX[error.service] ?? error.service}:${error.operation}` };
  }
  return undefined;
}

export function permissionText(p: DeniedPermission): string {
  return p.resource ? `${p.action} on ${p.resource}` : p.action;
}

/**
 * Re-raises an access denial with the missing permission as its message
 * ("Missing permission: kms:Decrypt on arn:aws:kms:…"), AWS's own sentence
 * kept in the hint; any other error passes through unchanged.
 */
export function explainDenial(err: unknown, fallback?: DeniedPermission, why?: string): never {
  const permission = deniedPermission(err, fallback);
  if (!permission) throw err;
  const error: AppError = toAppError(err);
  throw new TrellisError({
    ...error,
    message: `Missing permission: ${permissionText(permission)}`,
    hint: [why, `AWS said: ${error.message}`].filter(Boolean).join(' '),
  });
}
