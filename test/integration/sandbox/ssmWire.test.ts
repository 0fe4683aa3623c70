/** The awsJson1_1 envelope itself, with requests no SDK would send. */
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

function ssmCall(target: string, body: string) {
  return rawRequest(sandbox.endpoint, {
    headers: { ...signedHeaders('ssm'), 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body,
  });
}

describe('SSM wire protocol', () => {
  it('answers in application/x-amz-json-1.1 with epoch-second timestamps', async () => {
    const res = await ssmCall('AmazonSSM.GetParameter', JSON.stringify({ Name: '/flaskapp/config/LOG_LEVEL' }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    const body = JSON.parse(res.body) as { Parameter: { LastModifiedDate: unknown; ARN: string } };
    expect(typeof body.Parameter.LastModifiedDate).toBe('number');
    expect(body.Parameter.ARN).toBe('arn:aws:ssm:us-east-1:570589970431:parameter/flaskapp/config/LOG_LEVEL');
  });

  it('reports errors as {__type, message} with HTTP 400', async () => {
    const unknown = await ssmCall('AmazonSSM.LaunchRockets', '{}');
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toMatchObject({ __type: 'UnknownOperationException' });
    const broken = await ssmCall('AmazonSSM.GetParameter', '{not json');
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body)).toMatchObject({ __type: 'SerializationException' });
    const missing = await ssmCall('AmazonSSM.DeleteParameter', JSON.stringify({ Name: '/nope' }));
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body)).toEqual({ __type: 'ParameterNotFound', message: 'Parameter /nope not found.' });
  });
});
