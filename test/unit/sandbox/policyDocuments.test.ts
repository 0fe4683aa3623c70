import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/sandbox/errors';
import { encodePolicyDocument, requirePolicyDocument } from '../../../src/sandbox/services/iam/documents';

function errorOf(run: () => unknown): AwsError {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error('expected an AwsError');
}

describe('policy document encoding', () => {
  it('percent-encodes a document as IAM returns it', () => {
    const document = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
    expect(encodePolicyDocument(document)).toBe(
      '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D',
    );
  });

  it("encodes the characters encodeURIComponent leaves alone (RFC 3986: !'()*)", () => {
    expect(encodePolicyDocument("!'()*")).toBe('%21%27%28%29%2A');
    expect(encodePolicyDocument('a-b_c.d~e')).toBe('a-b_c.d~e');
    expect(encodePolicyDocument(' \n')).toBe('%20%0A');
  });

  it('round-trips through decodeURIComponent, including non-ASCII text', () => {
    const document = JSON.stringify({ Statement: [{ Sid: 'Café & (tea)', Resource: 'arn:aws:s3:::b/*' }] }, null, 4);
    expect(decodeURIComponent(encodePolicyDocument(document))).toBe(document);
  });
});

describe('policy document validation', () => {
  it('keeps a valid document exactly as sent', () => {
    const text = '{ "Version": "2012-10-17", "Statement": [] }';
    expect(requirePolicyDocument(text)).toBe(text);
  });

  it('rejects text that is not JSON', () => {
    const error = errorOf(() => requirePolicyDocument('{"Statement": [}'));
    expect(error.code).toBe('MalformedPolicyDocument');
    expect(error.status).toBe(400);
    expect(error.message).toBe('This policy contains invalid Json');
  });

  it('rejects JSON without a Statement', () => {
    for (const text of ['{"Version":"2012-10-17"}', '[]', '"Statement"', '{"Statement":"Allow"}']) {
      const error = errorOf(() => requirePolicyDocument(text));
      expect(error.code).toBe('MalformedPolicyDocument');
      expect(error.message).toBe('Syntax errors in policy.');
    }
  });
});
