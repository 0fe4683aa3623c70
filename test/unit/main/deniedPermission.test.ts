import { describe, expect, it } from 'vitest';
import { TrellisError } from '../../../src/main/aws/errors';
import { deniedPermission, explainDenial, permissionText } from '../../../src/main/services/deniedPermission';

const denied = (message: string, extra: Partial<{ service: string; operation: string }> = {}) =>
  new TrellisError({ code: 'access-denied', message, retryable: false, awsCode: 'AccessDenied', ...extra });

describe('the permission a refusal names', () => {
  it('reads the action and a bare ARN, even at the end of a sentence', () => {
    expect(
      deniedPermission(
        denied(
          'User: arn:aws:iam::123456789012:user/op is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/app.zip.',
        ),
      ),
    ).toEqual({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/app.zip' });
  });

  it('reads a quoted ARN and KMS wording with its service trailer', () => {
    const kms =
      'User: arn:aws:iam::1:user/x is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:1:key/k because no identity-based policy allows the kms:Decrypt action (Service: AWSKMS; Status Code: 400)';
    expect(deniedPermission(denied(kms))).toEqual({ action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:1:key/k' });
    expect(
      deniedPermission(
        denied(
          'User: arn:aws:iam::1:user/x is not authorized to perform: es:ESHttpGet on resource: "arn:aws:es:us-east-1:1:domain/d"',
        ),
      ),
    ).toEqual({ action: 'es:ESHttpGet', resource: 'arn:aws:es:us-east-1:1:domain/d' });
  });

  it('falls back to the call itself when AWS names nothing (S3 "Access Denied", moto)', () => {
    expect(deniedPermission(denied('Access Denied'), { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' })).toEqual(
      {
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
      },
    );
    expect(deniedPermission(denied('Access Denied', { service: 'opensearch', operation: 'DescribeDomains' }))).toEqual({
      action: 'es:DescribeDomains',
    });
  });

  it('is undefined for anything but an access denial, and explainDenial re-raises those untouched', () => {
    const other = new TrellisError({ code: 'throttled', message: 'Rate exceeded', retryable: true });
    expect(deniedPermission(other)).toBeUndefined();
    expect(() => explainDenial(other)).toThrow(other);
  });

  it('explainDenial puts the permission first and keeps AWS’s sentence in the hint', () => {
    const aws =
      'User: arn:aws:iam::1:user/x is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:1:parameter/a';
    try {
      explainDenial(denied(aws), undefined, 'Why.');
    } catch (err) {
      expect((err as TrellisError).appError).toMatchObject({
        code: 'access-denied',
        message: 'Missing permission: ssm:GetParameter on arn:aws:ssm:us-east-1:1:parameter/a',
        hint: `Why. AWS said: ${aws}`,
      });
      return;
    }
    throw new Error('explainDenial returned');
  });

  it('words a permission with or without its resource', () => {
    expect(permissionText({ action: 'iam:ListRoles' })).toBe('iam:ListRoles');
    expect(permissionText({ action: 'kms:Decrypt', resource: 'arn:k' })).toBe('kms:Decrypt on arn:k');
  });
});
