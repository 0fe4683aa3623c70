/**
 * The sandbox's five wire protocols under input no SDK would send: broken
 * percent-encoding, repeated and huge keys, malformed XML and JSON, invalid
 * chunked framing, oversized and empty bodies, wrong content types and lone
 * surrogates. Every case must get a 4xx in AWS's shape with the code a client
 * of that protocol reads and a request id — never a crash, never a hang — and
 * the sandbox must answer a normal request of the same protocol afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { signedHeaders } from './rawHttp';
import { codeOf, type Protocol, type Reply, send, type Send, sendRaw } from './wireClient';

let sandbox: TestSandbox;
let tried = 0;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});

afterAll(async () => {
  console.log(`wire malformed cases: ${tried}`);
  await sandbox.dispose();
});

const BUCKET = '/elasticbeanstalk-us-east-1-570589970431';
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
const AWS_CHUNKED = { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' };

/** Each protocol's headers (merged under every case's) and a request it answers 200. */
const BASE: Readonly<Record<Protocol, { readonly headers: Record<string, string>; readonly normal: Send }>> = {
  query: { headers: signedHeaders('iam'), normal: { body: 'Action=ListRoles&Version=2010-05-08' } },
  ec2: { headers: signedHeaders('ec2'), normal: { body: 'Action=DescribeVpcs&Version=2016-11-15' } },
  json: {
    headers: {
      ...signedHeaders('ssm'),
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AmazonSSM.DescribeParameters',
    },
    normal: { body: '{}' },
  },
  'rest-json': {
    headers: { ...signedHeaders('es'), 'content-type': 'application/json' },
    normal: { method: 'GET', path: '/2021-01-01/domain' },
  },
  'rest-xml': {
    headers: { ...signedHeaders('s3'), 'content-type': 'application/xml' },
    normal: { method: 'GET', path: '/' },
  },
};

function ask(protocol: Protocol, options: Send): Promise<Reply> {
  return send(sandbox.endpoint, { ...options, headers: { ...BASE[protocol].headers, ...options.headers } });
}

/** [case, the code the protocol's client must read, the request]. */
type Case = readonly [name: string, code: string, request: Send];

const HUGE_KEY = 'K'.repeat(100_000);
const OVERSIZED = Buffer.alloc(17 * 1024 * 1024, 0x61);
const IAM = 'Action=ListRoles&Version=2010-05-08';
const EC2 = 'Action=DescribeVpcs&Version=2016-11-15';
const ssm = (operation: string) => ({ 'x-amz-target': `AmazonSSM.${operation}` });

const CASES: Readonly<Record<Protocol, readonly Case[]>> = {
  query: [
    ['bad % escape in the query string', 'MalformedQueryString', { path: `/?${IAM}&PathPrefix=%ZZ` }],
    ['bad % escape in the form body', 'MalformedQueryString', { body: `${IAM}&PathPrefix=%E` }],
    ['invalid UTF-8 after % decoding', 'MalformedQueryString', { body: `${IAM}&PathPrefix=%FF` }],
    ['repeated Action', 'MalformedQueryString', { body: `${IAM}&Action=DeleteRole` }],
    ['a 100 kB key in the form body', 'MalformedQueryString', { body: `${IAM}&${HUGE_KEY}=1` }],
    [
      'malformed XML body as text/xml',
      'MissingAction',
      { headers: { 'content-type': 'text/xml' }, body: '<ListRoles><Path' },
    ],
    [
      'JSON body as application/json',
      'MissingAction',
      { headers: { 'content-type': 'application/json' }, body: '{"Action":"ListRoles"}' },
    ],
    ['empty body', 'MissingAction', { body: '' }],
    [
      'lone surrogate (CESU-8 bytes) in a name',
      'MalformedQueryString',
      { body: 'Action=GetRole&Version=2010-05-08&RoleName=%ED%A0%80' },
    ],
    ['oversized body', 'RequestEntityTooLarge', { body: OVERSIZED }],
  ],
  ec2: [
    ['bad % escape in the query string', 'MalformedQueryString', { path: `/?${EC2}&VpcId.1=%G1` }],
    ['bad % escape in the form body', 'MalformedQueryString', { body: `${EC2}&VpcId.1=%` }],
    ['repeated key', 'MalformedQueryString', { body: `${EC2}&VpcId.1=a&VpcId.1=b` }],
    ['a 100 kB key in the form body', 'MalformedQueryString', { body: `${EC2}&${HUGE_KEY}=1` }],
    [
      'malformed XML body as text/xml',
      'MissingAction',
      { headers: { 'content-type': 'text/xml' }, body: '<DescribeVpcs><<' },
    ],
    ['empty body', 'MissingAction', { body: '' }],
    ['lone surrogate (CESU-8 bytes) in an id', 'MalformedQueryString', { body: `${EC2}&VpcId.1=%ED%B0%80` }],
    ['oversized body', 'RequestEntityTooLarge', { body: OVERSIZED }],
  ],
  json: [
    ['malformed JSON', 'SerializationException', { body: '{"MaxResults": 5,' }],
    ['JSON that is not an object', 'SerializationException', { body: '[1,2,3]' }],
    ['XML body', 'SerializationException', { body: '<DescribeParameters/>' }],
    [
      'form body as a form content type',
      'SerializationException',
      { headers: { 'content-type': FORM }, body: 'MaxResults=5' },
    ],
    ['wrong member type', 'SerializationException', { body: '{"MaxResults":"five"}' }],
    [
      'JSON nested 100,000 deep',
      'SerializationException',
      { body: `{"Filters":${'['.repeat(100_000)}${']'.repeat(100_000)}}` },
    ],
    ['no X-Amz-Target and an empty body', 'UnknownOperationException', { headers: { 'x-amz-target': '' }, body: '' }],
    ['empty body where members are required', 'ValidationException', { headers: ssm('GetParameter'), body: '' }],
    [
      'lone surrogate escape in a name',
      'SerializationException',
      { headers: ssm('PutParameter'), body: '{"Name":"/a/\\ud800","Value":"x","Type":"String"}' },
    ],
    [
      'lone surrogate escape in a value',
      'SerializationException',
      { headers: ssm('PutParameter'), body: '{"Name":"/wire/lone","Value":"\\udc00","Type":"String"}' },
    ],
    [
      'invalid UTF-8 bytes',
      'SerializationException',
      { headers: ssm('PutParameter'), body: Buffer.from('{"Name":"\xff\xfe"}', 'latin1') },
    ],
    ['bad % escape in the query string', 'MalformedQueryString', { path: '/?x=%ZZ', body: '{}' }],
    ['repeated query key', 'MalformedQueryString', { path: '/?x=1&x=2', body: '{}' }],
    ['oversized body', 'RequestEntityTooLarge', { body: OVERSIZED }],
  ],
  'rest-json': [
    [
      'malformed JSON',
      'SerializationException',
      { path: '/2021-01-01/opensearch/domain-info', body: '{"DomainNames": [' },
    ],
    [
      'XML body as application/xml',
      'SerializationException',
      {
        path: '/2021-01-01/opensearch/domain',
        headers: { 'content-type': 'application/xml' },
        body: '<CreateDomain><DomainName>x</',
      },
    ],
    ['empty body on CreateDomain', 'ValidationException', { path: '/2021-01-01/opensearch/domain', body: '' }],
    ['bad % escape in the path', 'ValidationException', { method: 'GET', path: '/2021-01-01/opensearch/domain/%ZZ' }],
    [
      'lone surrogate (CESU-8 bytes) in the path',
      'ValidationException',
      { method: 'GET', path: '/2021-01-01/opensearch/domain/%ED%A0%80' },
    ],
    [
      'lone surrogate escape in a domain name',
      'SerializationException',
      { path: '/2021-01-01/opensearch/domain', body: '{"DomainName":"\\ud800abc"}' },
    ],
    [
      'bad % escape in the query string',
      'ValidationException',
      { method: 'GET', path: '/2021-01-01/domain?engineType=%Z' },
    ],
    [
      'repeated query key',
      'ValidationException',
      { method: 'GET', path: '/2021-01-01/domain?engineType=OpenSearch&engineType=Elasticsearch' },
    ],
    ['oversized body', 'RequestEntityTooLarge', { path: '/2021-01-01/opensearch/domain', body: OVERSIZED }],
  ],
  'rest-xml': [
    ['bad % escape in the key', 'InvalidURI', { method: 'GET', path: `${BUCKET}/%ZZ` }],
    [
      'lone surrogate (CESU-8 bytes) in the key',
      'InvalidURI',
      { method: 'PUT', path: `${BUCKET}/%ED%A0%80`, body: 'x' },
    ],
    ['bad % escape in the query string', 'InvalidURI', { method: 'GET', path: `${BUCKET}?prefix=%Z` }],
    ['repeated query key', 'InvalidURI', { method: 'GET', path: `${BUCKET}?prefix=a&prefix=b` }],
    [
      'malformed XML CreateBucketConfiguration',
      'MalformedXML',
      { method: 'PUT', path: '/wire-malformed-bucket', body: '<CreateBucketConfiguration><LocationConstraint>eu' },
    ],
    [
      'multi-object delete (POST ?delete) with malformed XML',
      'MethodNotAllowed',
      { path: `${BUCKET}?delete`, body: '<Delete><Object>' },
    ],
    [
      'aws-chunked upload with invalid chunk framing',
      'InvalidRequest',
      { method: 'PUT', path: `${BUCKET}/chunked`, headers: AWS_CHUNKED, body: 'zz\r\nabc\r\n0\r\n\r\n' },
    ],
    [
      'aws-chunked upload with an empty body',
      'IncompleteBody',
      { method: 'PUT', path: `${BUCKET}/chunked`, headers: AWS_CHUNKED, body: '' },
    ],
    [
      'form upload (multipart/form-data POST)',
      'MethodNotAllowed',
      { path: BUCKET, headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\n' },
    ],
    ['oversized PUT body', 'EntityTooLarge', { method: 'PUT', path: `${BUCKET}/big`, body: OVERSIZED }],
  ],
};

/** Where each protocol's framing cases post. */
const FRAMING_PATH: Readonly<Record<Protocol, string>> = {
  query: '/',
  ec2: '/',
  json: '/',
  'rest-json': '/2021-01-01/opensearch/domain',
  'rest-xml': `${BUCKET}/framed`,
};

const BAD_CHUNKS = ['zz\r\nabc\r\n0\r\n\r\n', '5\r\nab\r\n0\r\n\r\n', '-1\r\nabc\r\n0\r\n\r\n'];

/**
 * Framing the HTTP parser refuses never reaches a service, so it is answered in the generic
 * awsQuery envelope: [case, code, request].
 */
function framingCases(protocol: Protocol): Array<readonly [string, string, () => Promise<Reply>]> {
  const path = FRAMING_PATH[protocol];
  const headerLines = Object.entries(BASE[protocol].headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  const raw = (extra: string, body: string) =>
    sendRaw(sandbox.port, `POST ${path} HTTP/1.1\r\n${headerLines}\r\n${extra}`, body);
  return [
    ...BAD_CHUNKS.map(
      (chunks, index) =>
        [
          `invalid chunked encoding #${index + 1}`,
          'MalformedHttpRequest',
          () => raw('Transfer-Encoding: chunked', chunks),
        ] as const,
    ),
    [
      'chunked with Content-Length',
      'MalformedHttpRequest',
      () => raw('Transfer-Encoding: chunked\r\nContent-Length: 3', '3\r\nabc\r\n0\r\n\r\n'),
    ],
    [
      'a 100 kB key in the query string (past the header limit)',
      'RequestHeaderFieldsTooLarge',
      () => ask(protocol, { path: `${path}?${HUGE_KEY}=1` }),
    ],
  ];
}

const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function expectRefused(protocol: Protocol, envelope: Protocol | 'generic', code: string, reply: Reply) {
  tried += 1;
  expect({ status: reply.status, code: codeOf(envelope, reply) }).toMatchObject({
    status: expect.toSatisfy((status: number) => status >= 400 && status < 500),
    code,
  });
  expect(reply.headers['x-amzn-requestid'] ?? reply.headers['x-amz-request-id']).toMatch(REQUEST_ID);
  // Still standing, and still speaking this protocol.
  const normal = await ask(protocol, BASE[protocol].normal);
  expect(normal.status, normal.body).toBe(200);
}

describe('malformed input on each wire protocol gets an AWS-shaped 4xx, and the sandbox keeps answering', () => {
  for (const protocol of Object.keys(CASES) as Protocol[]) {
    describe(protocol, () => {
      for (const [name, code, request] of CASES[protocol]) {
        it(name, async () => expectRefused(protocol, protocol, code, await ask(protocol, request)));
      }
      for (const [name, code, run] of framingCases(protocol)) {
        it(`${name} (HTTP framing)`, async () => expectRefused(protocol, 'generic', code, await run()));
      }
    });
  }
});
