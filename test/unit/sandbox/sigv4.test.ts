import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/sandbox/errors';
import { parseAuthorization } from '../../../src/sandbox/sigv4';

function codeOf(header: string | undefined): string {
  try {
    parseAuthorization(header);
  } catch (error: unknown) {
    if (error instanceof AwsError) {
      expect(error.status).toBe(403);
      return error.code;
    }
    throw error;
  }
  throw new Error('expected an AwsError');
}

describe('SigV4 credential scope', () => {
  it('reads key, date, region and service', () => {
    expect(
      parseAuthorization(
        'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261122/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123',
      ),
    ).toEqual({ accessKeyId: 'AKIAEXAMPLE', date: '20261122', region: 'us-east-1', service: 'iam' });
  });

  it('reports a missing header as MissingAuthenticationToken', () => {
    expect(codeOf(undefined)).toBe('MissingAuthenticationToken');
    expect(codeOf('  ')).toBe('MissingAuthenticationToken');
  });

  it('reports garbled headers as IncompleteSignature', () => {
    expect(codeOf('Bearer token')).toBe('IncompleteSignature');
    expect(codeOf('AWS4-HMAC-SHA256 Credential=AKIA/20261122/us-east-1/iam/aws4_request')).toBe('IncompleteSignature');
    expect(codeOf('AWS4-HMAC-SHA256 Credential=AKIA/us-east-1, SignedHeaders=host, Signature=x')).toBe(
      'IncompleteSignature',
    );
    expect(
      codeOf('AWS4-HMAC-SHA256 Credential=AKIA/20261122/us-east-1/iam/nope, SignedHeaders=host, Signature=x'),
    ).toBe('IncompleteSignature');
  });

  it('names the missing parts in the message', () => {
    try {
      parseAuthorization('AWS4-HMAC-SHA256 Credential=AKIA/20261122/us-east-1/sts/aws4_request');
    } catch (error: unknown) {
      expect((error as AwsError).message).toContain("Authorization header requires 'Signature' parameter.");
      expect((error as AwsError).message).toContain("Authorization header requires 'SignedHeaders' parameter.");
      return;
    }
    throw new Error('expected IncompleteSignature');
  });
});
