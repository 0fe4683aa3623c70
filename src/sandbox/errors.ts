/**
 * An error that reaches the client as an AWS error: the code, message and
 * HTTP status the real service would send. Each protocol renders it in its own
 * envelope.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: 'Sender' | 'Receiver';

  constructor(code: string, message: string, status: number, type: 'Sender' | 'Receiver' = 'Sender') {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.status = status;
    this.type = type;
  }
}

export const noSuchEntity = (message: string): AwsError => new AwsError('NoSuchEntity', message, 404);
export const entityAlreadyExists = (message: string): AwsError => new AwsError('EntityAlreadyExists', message, 409);
export const limitExceeded = (message: string): AwsError => new AwsError('LimitExceeded', message, 409);
export const deleteConflict = (message: string): AwsError => new AwsError('DeleteConflict', message, 409);
export const invalidInput = (message: string): AwsError => new AwsError('InvalidInput', message, 400);
export const malformedPolicyDocument = (message: string): AwsError =>
  new AwsError('MalformedPolicyDocument', message, 400);
export const validationError = (message: string): AwsError => new AwsError('ValidationError', message, 400);
export const internalFailure = (message: string): AwsError => new AwsError('InternalFailure', message, 500, 'Receiver');
