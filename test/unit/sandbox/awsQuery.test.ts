import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/sandbox/errors';
import { renderQueryError, renderQueryResult } from '../../../src/sandbox/protocols/awsQuery';
import { QueryParams } from '../../../src/sandbox/protocols/queryParams';
import { escapeAttribute, escapeXml, isoSeconds, renderElement } from '../../../src/sandbox/protocols/xml';

function paramsFromBody(body: string): QueryParams {
  return QueryParams.fromSearchParams(new URLSearchParams(body));
}

function validationMessage(run: () => unknown): string {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof AwsError) {
      expect(error.code).toBe('ValidationError');
      expect(error.status).toBe(400);
      return error.message;
    }
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('awsQuery parameters', () => {
  it('reads list members in index order, not arrival order', () => {
    const params = paramsFromBody(
      'Filter.member.2=Role&Action=GetAccountAuthorizationDetails&Filter.member.1=User&Filter.member.10=Group',
    );
    expect(params.stringList('Filter')).toEqual(['User', 'Role', 'Group']);
  });

  it('treats a bare list name as an empty list, as botocore sends it', () => {
    expect(paramsFromBody('Filter=').stringList('Filter')).toEqual([]);
  });

  it('groups structure list members such as Tags', () => {
    const params = paramsFromBody(
      'Tags.member.2.Key=team&Tags.member.2.Value=lab&Tags.member.1.Key=env&Tags.member.1.Value=a%26b%20c',
    );
    expect(params.structList('Tags')).toEqual([
      { Key: 'env', Value: 'a&b c' },
      { Key: 'team', Value: 'lab' },
    ]);
  });

  it('does not mix members of different lists', () => {
    const params = paramsFromBody('Tags.member.1.Key=a&TagKeys.member.1=b&Tags.member.1.Value=c');
    expect(params.structList('Tags')).toEqual([{ Key: 'a', Value: 'c' }]);
    expect(params.stringList('TagKeys')).toEqual(['b']);
    expect(params.stringList('Tags')).toEqual([]);
  });

  it('lets the body override the query string', () => {
    const params = QueryParams.fromSearchParams(
      new URLSearchParams('Action=ListRoles&MaxItems=5'),
      new URLSearchParams('MaxItems=2'),
    );
    expect(params.raw('Action')).toBe('ListRoles');
    expect(params.integer('MaxItems')).toBe(2);
  });

  it("reports a missing required member in AWS's words", () => {
    expect(validationMessage(() => paramsFromBody('').requiredString('RoleName'))).toBe(
      "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null",
    );
  });

  it('reports pattern, length and range violations with the member in camel case', () => {
    const params = paramsFromBody('RoleName=bad%20name&PolicyName=&MaxItems=0&Scope=Everything');
    expect(validationMessage(() => params.string('RoleName', { pattern: /[\w+=,.@-]+/ }))).toBe(
      "1 validation error detected: Value 'bad name' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
    expect(validationMessage(() => params.string('PolicyName', { min: 1 }))).toContain(
      "Value '' at 'policyName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(validationMessage(() => params.integer('MaxItems', { min: 1, max: 1000 }))).toContain(
      'Member must have value greater than or equal to 1',
    );
    expect(validationMessage(() => params.enumValue('Scope', ['All', 'AWS', 'Local']))).toContain(
      'Member must satisfy enum value set: [All, AWS, Local]',
    );
  });

  it('matches patterns against the whole value, not a substring', () => {
    const params = paramsFromBody('RoleName=ok%2Fnot-ok');
    expect(() => params.string('RoleName', { pattern: /[\w+=,.@-]+/ })).toThrow(/regular expression pattern/);
  });

  it('parses booleans case-insensitively and rejects anything else', () => {
    expect(paramsFromBody('OnlyAttached=TRUE').boolean('OnlyAttached')).toBe(true);
    expect(paramsFromBody('OnlyAttached=false').boolean('OnlyAttached')).toBe(false);
    expect(() => paramsFromBody('OnlyAttached=yes').boolean('OnlyAttached')).toThrow(/boolean/);
  });
});

describe('XML rendering', () => {
  it('escapes markup characters in text, and quotes too in attributes', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe(`&lt;a href="x"&gt;Tom &amp; Jerry's&lt;/a&gt;`);
    expect(escapeAttribute(`a"b'c&`)).toBe('a&quot;b&apos;c&amp;');
    expect(renderElement('E', 'x', { note: '"q"' })).toBe('<E note="&quot;q&quot;">x</E>');
  });

  it('replaces characters XML 1.0 cannot carry', () => {
    expect(escapeXml('a\u0000b\u0007c')).toBe('a\uFFFDb\uFFFDc');
  });

  it('renders lists as member elements and leaves undefined fields out', () => {
    expect(renderElement('Result', { Names: ['a<b', 'c'], Missing: undefined, Count: 2, Flag: false })).toBe(
      '<Result><Names><member>a&lt;b</member><member>c</member></Names><Count>2</Count><Flag>false</Flag></Result>',
    );
    expect(renderElement('Roles', [])).toBe('<Roles/>');
  });

  it('prints dates as ISO-8601 UTC without milliseconds', () => {
    expect(isoSeconds(new Date('2026-11-22T03:49:14.123Z'))).toBe('2026-11-22T03:49:14Z');
    expect(renderElement('CreateDate', new Date(Date.UTC(2018, 6, 2, 1, 14, 37)))).toBe(
      '<CreateDate>2018-07-02T01:14:37Z</CreateDate>',
    );
  });

  it('wraps a result in the response and result elements with the request id', () => {
    const xml = renderQueryResult(
      'ListRoles',
      'https://iam.amazonaws.com/doc/2010-05-08/',
      { Roles: [], IsTruncated: false },
      'req-1',
    );
    expect(xml).toBe(
      '<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListRolesResult><Roles/><IsTruncated>false</IsTruncated></ListRolesResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></ListRolesResponse>',
    );
  });

  it('omits the result element for actions that return nothing', () => {
    expect(renderQueryResult('AttachRolePolicy', 'urn:x', undefined, 'r')).toBe(
      '<AttachRolePolicyResponse xmlns="urn:x"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AttachRolePolicyResponse>',
    );
  });

  it('renders errors in the ErrorResponse envelope with escaped text', () => {
    const error = new AwsError('NoSuchEntity', 'The role with name <x&y> cannot be found.', 404);
    expect(renderQueryError(error, 'https://iam.amazonaws.com/doc/2010-05-08/', 'req-2')).toBe(
      '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name &lt;x&amp;y&gt; cannot be found.</Message></Error><RequestId>req-2</RequestId></ErrorResponse>',
    );
  });
});
