import { describe, expect, it } from 'vitest';
import { decodePolicyDocument } from '../../../src/main/services/policyDocuments';

const doc = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

describe('decodePolicyDocument', () => {
  it('decodes IAM’s RFC 3986 encoding and pretty-prints', () => {
    const encoded = encodeURIComponent(JSON.stringify(doc));
    expect(decodePolicyDocument(encoded)).toBe(JSON.stringify(doc, null, 2));
  });

  it('accepts plain JSON (moto returns some documents unencoded)', () => {
    expect(decodePolicyDocument(JSON.stringify(doc))).toBe(JSON.stringify(doc, null, 2));
  });

  it('keeps a literal % inside plain JSON instead of mangling it', () => {
    const withPercent = {
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/100%25/*' }],
    };
    expect(JSON.parse(decodePolicyDocument(JSON.stringify(withPercent)))).toEqual(withPercent);
  });

  it('decodes form-style + as space', () => {
    expect(decodePolicyDocument('%7B%22Sid%22%3A%22a+b%22%7D')).toBe('{\n  "Sid": "a b"\n}');
  });

  it('returns text it cannot parse verbatim rather than throwing', () => {
    expect(decodePolicyDocument('%7Bnot json')).toBe('{not json');
    expect(decodePolicyDocument('%E0%A4%A')).toBe('%E0%A4%A');
    expect(decodePolicyDocument(undefined)).toBe('');
  });
});
