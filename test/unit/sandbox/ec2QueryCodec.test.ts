import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/sandbox/errors';
import { ec2Filters, ec2List, renderEc2Error, renderEc2Result } from '../../../src/sandbox/protocols/ec2Query';
import { QueryParams } from '../../../src/sandbox/protocols/queryParams';
import { decodeAwsChunked, isAwsChunked, renderS3Error, S3Error } from '../../../src/sandbox/protocols/restXml';

describe('ec2Query codec', () => {
  it('reads Name.N lists and Filter.N.Name / Filter.N.Value.M in index order', () => {
    const params = QueryParams.fromRecord({
      'InstanceId.2': 'i-2',
      'InstanceId.10': 'i-10',
      'InstanceId.1': 'i-1',
      'InstanceIdX.1': 'ignored',
      'Filter.2.Name': 'vpc-id',
      'Filter.2.Value.1': 'vpc-1',
      'Filter.1.Name': 'tag:elasticbeanstalk:environment-name',
      'Filter.1.Value.2': 'b',
      'Filter.1.Value.1': 'a',
    });
    expect(ec2List(params, 'InstanceId')).toEqual(['i-1', 'i-2', 'i-10']);
    expect(ec2Filters(params)).toEqual([
      { name: 'tag:elasticbeanstalk:environment-name', values: ['a', 'b'] },
      { name: 'vpc-id', values: ['vpc-1'] },
    ]);
  });

  it('renders results without a Result wrapper, requestId first, lists as <item>', () => {
    const xml = renderEc2Result('DescribeVpcs', { vpcSet: [{ vpcId: 'vpc-1', tagSet: [] }] }, 'req-1');
    expect(xml).toBe(
      '<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId><vpcSet><item><vpcId>vpc-1</vpcId><tagSet/></item></vpcSet></DescribeVpcsResponse>',
    );
  });

  it('renders errors in the <Response><Errors> envelope with RequestID', () => {
    expect(
      renderEc2Error(new AwsError('InvalidInstanceID.NotFound', "The instance ID 'i-1' does not exist", 400), 'r-9'),
    ).toBe(
      "<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID 'i-1' does not exist</Message></Error></Errors><RequestID>r-9</RequestID></Response>",
    );
  });
});

describe('restXml codec', () => {
  it('decodes signed aws-chunked bodies', () => {
    const body = Buffer.from(
      '5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=0\r\n\r\n',
      'latin1',
    );
    expect(decodeAwsChunked(body).toString()).toBe('hello world');
  });

  it('decodes unsigned chunked bodies with checksum trailers, binary data included', () => {
    const data = Buffer.from([0, 13, 10, 255, 48]);
    const body = Buffer.concat([
      Buffer.from('5\r\n'),
      data,
      Buffer.from('\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n'),
    ]);
    expect(decodeAwsChunked(body)).toEqual(data);
  });

  it('refuses a truncated or malformed chunked body', () => {
    expect(() => decodeAwsChunked(Buffer.from('a\r\nshort'))).toThrow(/terminated unexpectedly/);
    expect(() => decodeAwsChunked(Buffer.from('zz\r\n'))).toThrow(/Invalid chunk size/);
  });

  it('recognises streaming uploads by header', () => {
    expect(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' })).toBe(true);
    expect(isAwsChunked({ 'content-encoding': 'gzip, aws-chunked' })).toBe(true);
    expect(isAwsChunked({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' })).toBe(false);
  });

  it('renders S3 errors with their extra fields, and HEAD errors without a body', () => {
    const error = new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: 'a.zip' });
    const response = renderS3Error(error, 'req');
    expect(response.status).toBe(404);
    expect(response.body).toContain(
      '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a.zip</Key><RequestId>req</RequestId></Error>',
    );
    expect(renderS3Error(error, 'req', 'HEAD').body).toBe('');
  });
});
