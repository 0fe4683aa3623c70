/**
 * The error an injected fault answers with: the code, status and wording the
 * real service family uses, so a client's retry and error handling see what
 * they would see against AWS. Rendering into the protocol's envelope (and the
 * request-id header) is the service module's own `renderError`.
 */
import { AwsError } from '../errors';
import { credentialRejected } from '../identity';
import { accessDeniedError, accessDeniedMessage } from '../policy/authorizer';
import type { FaultRule } from './types';

type ErrorKind = 'throttle' | 'http-500' | 'http-503' | 'expired-token' | 'access-denied';

const THROTTLE_STATUS: Readonly<Record<NonNullable<FaultRule['throttleCode']>, number>> = {
  Throttling: 400,
  ThrottlingException: 400,
  TooManyRequestsException: 429,
};

function throttle(service: string, code: FaultRule['throttleCode']): AwsError {
  if (code !== undefined) return new AwsError(code, 'Rate exceeded', THROTTLE_STATUS[code]);
  switch (service) {
    case 's3':
      // S3 has its own throttle: SlowDown with 503, which every SDK retries.
      return new AwsError('SlowDown', 'Please reduce your request rate.', 503, 'Receiver');
    case 'ssm':
    case 'logs':
      return new AwsError('ThrottlingException', 'Rate exceeded', 400);
    case 'es':
      return new AwsError('TooManyRequestsException', 'Rate exceeded', 429);
    default:
      return new AwsError('Throttling', 'Rate exceeded', 400);
  }
}

function internalError(service: string): AwsError {
  switch (service) {
    case 's3':
      return new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500, 'Receiver');
    case 'ec2':
      return new AwsError('InternalError', 'An internal error has occurred.', 500, 'Receiver');
    default:
      // OpenSearch's restJson renderer names this InternalException, as OpenSearch does.
      return new AwsError(
        'InternalFailure',
        'The request processing has failed because of an unknown error, exception or failure.',
        500,
        'Receiver',
      );
  }
}

export interface InjectedErrorTarget {
  readonly service: string;
  readonly operation: string | undefined;
  /** The caller's ARN, for the access-denied wording the sandbox's own authorizer uses. */
  readonly principalArn: string;
}

export function injectedError(kind: ErrorKind, rule: FaultRule, target: InjectedErrorTarget): AwsError {
  const { service, operation, principalArn } = target;
  switch (kind) {
    case 'throttle':
      return throttle(service, rule.throttleCode);
    case 'http-500':
      return internalError(service);
    case 'http-503':
      return new AwsError('ServiceUnavailable', 'Service is unavailable. Please try again later.', 503, 'Receiver');
    case 'expired-token':
      // The same refusal an expired session token gets from the sandbox's authentication.
      return credentialRejected(service, 'expired');
    case 'access-denied': {
      const action = `${service}:${operation ?? '*'}`;
      const message = accessDeniedMessage(
        principalArn,
        action,
        '*',
        `because no identity-based policy allows the ${action} action`,
      );
      // Every awsJson service (CloudWatch Logs as well as SSM) refuses with AccessDeniedException and HTTP 400.
      if (service === 'logs') return new AwsError('AccessDeniedException', message, 400);
      return accessDeniedError(action, message);
    }
  }
}
