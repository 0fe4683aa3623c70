import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { rawRequest, signedHeaders } from './rawHttp';

let sandbox: TestSandbox;

beforeEach(async () => {
  sandbox = await startTestSandbox();
});

afterEach(async () => {
  await sandbox.dispose();
});

const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

describe('awsQuery over HTTP', () => {
  it('answers in the AWS envelope with text/xml and a request id header', async () => {
    const response = await rawRequest(sandbox.endpoint, {
      headers: signedHeaders('iam'),
      body: 'Action=ListRoles&Version=2010-05-08&MaxItems=1',
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/xml');
    const requestId = response.headers['x-amzn-requestid'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.startsWith(`<ListRolesResponse xmlns="${IAM_NS}"><ListRolesResult><Roles><member>`)).toBe(
      true,
    );
    expect(response.body).toContain('<IsTruncated>true</IsTruncated><Marker>');
    expect(
      response.body.endsWith(
        `<ResponseMetadata><RequestId>${String(requestId)}</RequestId></ResponseMetadata></ListRolesResponse>`,
      ),
    ).toBe(true);
    expect(response.body).toContain('<AssumeRolePolicyDocument>%7B%0A%20%20%20%20%22Version%22');
  });

  it('leaves the Marker element out entirely when the list is complete', async () => {
    const response = await rawRequest(sandbox.endpoint, {
      headers: signedHeaders('iam'),
      body: 'Action=ListUsers&Version=2010-05-08',
    });
    expect(response.body).toContain('<IsTruncated>false</IsTruncated></ListUsersResult>');
    expect(response.body).not.toContain('<Marker');
  });

  it('accepts parameters in the query string of a GET', async () => {
    const response = await rawRequest(sandbox.endpoint, {
      method: 'GET',
      path: '/?Action=GetRole&Version=2010-05-08&RoleName=EC2_Can_Use_Services',
      headers: signedHeaders('iam'),
    });
    expect(response.status).toBe(200);
    expect(response.body).toContain('<RoleName>EC2_Can_Use_Services</RoleName>');
  });

  it('uses the STS namespace for STS', async () => {
    const response = await rawRequest(sandbox.endpoint, {
      headers: signedHeaders('sts'),
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(response.body).toBe(
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::570589970431:root</Arn><UserId>570589970431</UserId><Account>570589970431</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${String(response.headers['x-amzn-requestid'])}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  });

  it('refuses a request without Authorization: MissingAuthenticationToken, 403', async () => {
    const response = await rawRequest(sandbox.endpoint, { body: 'Action=ListRoles&Version=2010-05-08' });
    expect(response.status).toBe(403);
    expect(response.body).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(response.body).toContain('<Message>Request is missing Authentication Token</Message>');
  });

  it('refuses a garbled Authorization: IncompleteSignature, 403', async () => {
    const response = await rawRequest(sandbox.endpoint, {
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/20261122/us-east-1/iam/aws4_request' },
      body: 'Action=ListRoles&Version=2010-05-08',
    });
    expect(response.status).toBe(403);
    expect(response.body).toContain('<Type>Sender</Type><Code>IncompleteSignature</Code>');
  });

  it("reports an unknown action as InvalidAction, 400, in the service's envelope", async () => {
    const response = await rawRequest(sandbox.endpoint, {
      headers: signedHeaders('iam'),
      body: 'Action=MakeMeAdmin&Version=2010-05-08',
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatch(
      new RegExp(
        `^<ErrorResponse xmlns="${IAM_NS}"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Could not find operation MakeMeAdmin for version 2010-05-08</Message></Error><RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>$`,
      ),
    );
  });

  it('does not mistake Object.prototype members for actions', async () => {
    const response = await rawRequest(sandbox.endpoint, {
      headers: signedHeaders('iam'),
      body: 'Action=constructor&Version=2010-05-08',
    });
    expect(response.status).toBe(400);
    expect(response.body).toContain('<Code>InvalidAction</Code>');
  });

  it('escapes user-supplied text in error messages', async () => {
    const response = await rawRequest(sandbox.endpoint, {
      headers: signedHeaders('iam'),
      body: `Action=GetPolicy&Version=2010-05-08&PolicyArn=${encodeURIComponent('arn:aws:iam::570589970431:policy/<b>&x')}`,
    });
    expect(response.status).toBe(404);
    expect(response.body).toContain('Policy arn:aws:iam::570589970431:policy/&lt;b&gt;&amp;x was not found.');
  });

  it('says which service it does not emulate', async () => {
    const response = await rawRequest(sandbox.endpoint, {
      headers: signedHeaders('kinesis'),
      body: 'Action=ListStreams',
    });
    expect(response.status).toBe(501);
    expect(response.body).toContain("does not emulate the 'kinesis' service");
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const response = await rawRequest(sandbox.endpoint, {
      headers: { ...signedHeaders('iam'), host: 'evil.example:80' },
      body: 'Action=ListRoles',
    });
    expect(response.status).toBe(403);
  });
});

describe('admin routes', () => {
  it('reports health without a signature', async () => {
    const response = await rawRequest(sandbox.endpoint, { method: 'GET', path: '/_trellis/health' });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true, scenario: 'training-lab' });
  });

  it('resets to another scenario and refuses cross-origin resets', async () => {
    const foreign = await rawRequest(sandbox.endpoint, {
      path: '/_trellis/reset',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{"scenario":"empty"}',
    });
    expect(foreign.status).toBe(403);
    const bad = await rawRequest(sandbox.endpoint, { path: '/_trellis/reset', body: '{"scenario":"prod"}' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({
      ok: false,
      error: 'Unknown scenario "prod"; use training-lab, empty or large-account.',
    });

    const reset = await rawRequest(sandbox.endpoint, { path: '/_trellis/reset', body: '{"scenario":"empty"}' });
    expect(JSON.parse(reset.body)).toEqual({ ok: true, scenario: 'empty' });
    const roles = await rawRequest(sandbox.endpoint, { headers: signedHeaders('iam'), body: 'Action=ListRoles' });
    expect(roles.body).toContain('<Roles/>');
    const health = await rawRequest(sandbox.endpoint, { method: 'GET', path: '/_trellis/health' });
    expect(JSON.parse(health.body)).toEqual({ ok: true, scenario: 'empty' });
  });

  it('answers unknown admin paths with 404 and wrong methods with 405', async () => {
    expect((await rawRequest(sandbox.endpoint, { method: 'GET', path: '/_trellis/nope' })).status).toBe(404);
    expect((await rawRequest(sandbox.endpoint, { method: 'POST', path: '/_trellis/health' })).status).toBe(405);
  });
});
