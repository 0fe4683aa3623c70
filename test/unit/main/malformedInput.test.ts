/**
 * Bad files and bad documents as a user really has them: broken shared config
 * and credentials files, and policy documents that are invalid, too large or
 * URL-encoded once or twice. Each gets its own message (file, line, what is
 * wrong), nothing is rewritten, and whatever is still good keeps working.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProfileRegistry } from '../../../src/main/aws/profiles';
import { MAX_ROLE_HOPS } from '../../../src/main/aws/profileChain';
import { createRouter, type Handlers } from '../../../src/main/ipc/router';
import { readPolicyDocument } from '../../../src/main/services/policyDocuments';
import { channels, type ProfileList } from '../../../src/shared/contract';
import { lintPolicy, POLICY_SIZE_LIMITS } from '../../../src/shared/policyLint';
import { lines, tempAws, type TempAws } from '../aws/fixtures';

// Root reads a chmod 000 file anyway; this stands in for the kernel's permission check so the test
// means the same for every user. The real readFileSync still does the reading.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: Parameters<typeof fs.readFileSync>[0], ...rest: unknown[]) => {
    if (typeof path === 'string' && fs.existsSync(path) && (fs.statSync(path).mode & 0o444) === 0) {
      throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES', path });
    }
    return (fs.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});

const KEYS = 'aws_access_key_id = AKIAEXAMPLEEXAMPLE01\naws_secret_access_key = secret';

describe('malformed AWS config and credentials files', () => {
  let aws: TempAws;
  afterEach(() => aws?.cleanup());

  /** Every file's bytes and mtime, to prove nothing was rewritten. */
  function snapshot(...paths: string[]) {
    return paths.map((p) => {
      try {
        const stat = statSync(p);
        return {
          p,
          mode: stat.mode,
          mtime: stat.mtimeMs,
          bytes: stat.isFile() ? readFileSync(p).toString('base64') : '',
        };
      } catch {
        return { p, missing: true };
      }
    });
  }

  function load(): ProfileList {
    const before = snapshot(aws.configPath, aws.credentialsPath);
    const registry = new ProfileRegistry({ env: {}, homeDir: aws.home, watch: false });
    try {
      const first = registry.list();
      expect(registry.reloadNow()).toEqual(first);
      expect(snapshot(aws.configPath, aws.credentialsPath)).toEqual(before);
      return first;
    } finally {
      registry.close();
    }
  }

  const profile = (list: ProfileList, name: string) => {
    const found = list.profiles.find((p) => p.name === name);
    if (!found) throw new Error(`profile ${name} is not listed: ${list.profiles.map((p) => p.name).join(', ')}`);
    return found;
  };

  it('an unclosed section header: that profile names the line, the others still load', () => {
    aws = tempAws({
      config: lines(
        '[profile good]',
        'region = eu-west-1',
        '[profile broken',
        'region = us-east-1',
        '[profile after]',
        'region = us-west-2',
      ),
      credentials: lines('[good]', KEYS, '[broken]', KEYS, '[after]', KEYS),
    });
    const list = load();
    expect(profile(list, 'broken').problem).toBe(
      `${aws.configPath} line 3: section header "[profile broken" has no closing "]"`,
    );
    expect(profile(list, 'good')).toMatchObject({ region: 'eu-west-1', kind: 'static' });
    expect(profile(list, 'good').problem).toBeUndefined();
    expect(profile(list, 'after')).toMatchObject({ region: 'us-west-2' });
    expect(profile(list, 'after').problem).toBeUndefined();
  });

  it('a key without "=": the line is named and the secret on it is never repeated', () => {
    aws = tempAws({
      credentials: lines(
        '[nokey]',
        'aws_access_key_id = AKIAEXAMPLEEXAMPLE02',
        'aws_secret_access_key wJalrXUtnFEMIK7MDENG',
        '[ok]',
        KEYS,
      ),
    });
    const list = load();
    expect(profile(list, 'nokey').problem).toBe(
      `${aws.credentialsPath} line 3: is not a "key = value" line; aws_access_key_id is set but aws_secret_access_key is missing`,
    );
    expect(JSON.stringify(list)).not.toContain('wJalrXUtnFEMIK7MDENG');
    expect(profile(list, 'ok').problem).toBeUndefined();
  });

  it('a profile written twice: both places are named, the later values win, as in the SDK', () => {
    aws = tempAws({
      config: lines('[profile dup]', 'region = eu-west-1', KEYS, '[profile dup]', 'region = eu-central-1'),
    });
    const list = load();
    expect(list.fileProblems).toEqual([
      {
        file: aws.configPath,
        line: 5,
        message:
          'duplicate section [profile dup] (first at line 1); the AWS SDK merges the two and the later values win',
      },
    ]);
    expect(profile(list, 'dup')).toMatchObject({ region: 'eu-central-1', kind: 'static' });
  });

  it('[profile ] with no name: reported on its line, and nothing else is lost', () => {
    aws = tempAws({ config: lines('[profile ]', 'region = us-east-1', '[profile named]', 'region = us-east-1', KEYS) });
    const list = load();
    expect(list.fileProblems).toEqual([
      { file: aws.configPath, line: 1, message: 'the section has no name; write [profile NAME]' },
      { file: aws.configPath, line: 1, message: '"" is not a usable profile name; the section was ignored' },
    ]);
    expect(list.profiles.map((p) => p.name)).toEqual(['named']);
  });

  it('binary garbage: one message for the file, and the other file still loads', () => {
    aws = tempAws({ credentials: lines('[keys]', KEYS) });
    writeFileSync(aws.configPath, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)));
    const list = load();
    expect(list.fileProblems).toEqual([
      { file: aws.configPath, message: 'The file looks binary, not text; nothing in it was read.' },
    ]);
    expect(profile(list, 'keys')).toMatchObject({ kind: 'static', source: 'credentials' });
  });

  it('a byte-order mark and CRLF line ends read as a plain file does', () => {
    aws = tempAws();
    writeFileSync(aws.configPath, '\uFEFF[profile win]\r\nregion = ap-southeast-2\r\n');
    writeFileSync(
      aws.credentialsPath,
      '\uFEFF[win]\r\naws_access_key_id = AKIAEXAMPLEEXAMPLE03\r\naws_secret_access_key = s\r\n',
    );
    const list = load();
    expect(list.fileProblems).toEqual([]);
    expect(profile(list, 'win')).toMatchObject({
      region: 'ap-southeast-2',
      kind: 'static',
      source: 'config+credentials',
    });
    expect(profile(list, 'win').problem).toBeUndefined();
  });

  it('a 10 MiB file is read whole: profiles before and after the bulk all load', () => {
    aws = tempAws({ credentials: lines('[first]', KEYS, '[last]', KEYS) });
    const bulk = `# ${'x'.repeat(1000)}\n`.repeat(9 * 1024);
    const longValue = `description = ${'y'.repeat(2 * 1024 * 1024)}\n`;
    writeFileSync(
      aws.configPath,
      lines('[profile first]', 'region = us-east-1') + bulk + longValue + lines('[profile last]', 'region = eu-west-2'),
    );
    expect(statSync(aws.configPath).size).toBeGreaterThan(10 * 1024 * 1024);
    const started = Date.now();
    const list = load();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(list.fileProblems).toEqual([]);
    expect(profile(list, 'first')).toMatchObject({ region: 'us-east-1', kind: 'static' });
    expect(profile(list, 'last')).toMatchObject({ region: 'eu-west-2', kind: 'static' });
  });

  it('an unreadable file (chmod 000): says permission denied and how to fix it, and leaves its mode alone', () => {
    aws = tempAws({ config: lines('[profile hidden]', 'region = us-east-1'), credentials: lines('[visible]', KEYS) });
    chmodSync(aws.configPath, 0o000);
    const list = load();
    expect(list.fileProblems).toEqual([
      {
        file: aws.configPath,
        message: `The file could not be read (EACCES): permission denied. Let your user read it, e.g. chmod 600 ${aws.configPath}.`,
      },
    ]);
    expect(statSync(aws.configPath).mode & 0o777).toBe(0);
    expect(profile(list, 'visible').problem).toBeUndefined();
    chmodSync(aws.configPath, 0o600);
  });

  it('a credentials "file" that is a directory: named as such, config profiles still load', () => {
    aws = tempAws({ config: lines('[profile cfg]', 'region = us-east-1', KEYS) });
    mkdirSync(aws.credentialsPath);
    const list = load();
    expect(list.fileProblems).toEqual([
      {
        file: aws.credentialsPath,
        message: `The file could not be read (EISDIR): ${aws.credentialsPath} is a directory, not a file. Move it aside and put the file there, or set AWS_SHARED_CREDENTIALS_FILE to the file.`,
      },
    ]);
    expect(profile(list, 'cfg')).toMatchObject({ kind: 'static', source: 'config' });
  });

  it('a credentials "file" that is a named pipe is refused at once instead of blocking main', () => {
    aws = tempAws({ config: lines('[profile cfg]', 'region = us-east-1', KEYS) });
    execFileSync('mkfifo', [aws.credentialsPath]);
    const list = load();
    expect(list.fileProblems).toEqual([
      {
        file: aws.credentialsPath,
        message: `The file could not be read: ${aws.credentialsPath} is not a regular file (a pipe, socket or device), so Trellis does not open it.`,
      },
    ]);
    expect(profile(list, 'cfg').problem).toBeUndefined();
  });

  it('a role chain thousands of profiles long is cut off with a reason, quickly', () => {
    const chain = Array.from({ length: 3000 }, (_, i) =>
      lines(`[profile c${i}]`, `role_arn = arn:aws:iam::123456789012:role/r${i}`, `source_profile = c${i + 1}`),
    ).join('');
    aws = tempAws({
      config:
        chain +
        lines(
          '[profile c3000]',
          'region = us-east-1',
          KEYS,
          '[profile short]',
          'role_arn = arn:aws:iam::123456789012:role/s',
          'source_profile = c3000',
        ),
    });
    const started = Date.now();
    const list = load();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(profile(list, 'c0').problem).toBe(
      `source_profile chain is too long: more than ${MAX_ROLE_HOPS} roles from 'c0' (each is an AssumeRole call)`,
    );
    expect(profile(list, `c${3000 - MAX_ROLE_HOPS + 1}`).problem).toBeUndefined();
    expect(profile(list, 'short')).toMatchObject({ kind: 'assume-role' });
    expect(profile(list, 'short').problem).toBeUndefined();
  });
});

describe('malformed policy documents', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }],
  };
  const json = JSON.stringify(policy);

  /** A valid document of exactly `size` characters without whitespace, pretty-printed (so longer with it). */
  function documentOfSize(size: number): string {
    const base = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '' }] };
    const padding = size - JSON.stringify(base).length;
    base.Statement[0]!.Resource = `arn:aws:s3:::${'b'.repeat(padding - 13)}`;
    const text = JSON.stringify(base, null, 2);
    expect(JSON.stringify(JSON.parse(text)).length).toBe(size);
    return text;
  }

  it('invalid JSON: the reason with line and column, in the viewer and in the editor', () => {
    const broken = '{\n  "Version": "2012-10-17",\n  "Statement": [\n}';
    const read = readPolicyDocument(broken);
    expect(read.text).toBe(broken);
    expect(read.problem).toMatch(/^The policy document is not valid JSON\. JSON syntax error at line 4, column 1: /);
    const [first] = lintPolicy(broken, undefined, { kind: 'identity' });
    expect(first).toMatchObject({ severity: 'error', rule: 'syntax', line: 4, column: 1 });
    expect(first?.message).toMatch(/^JSON syntax error at line 4, column 1: /);
  });

  it.each([
    ['a managed policy', POLICY_SIZE_LIMITS.managed, '6,144'],
    ["a role's inline policies", POLICY_SIZE_LIMITS.roleInline, '10,240'],
    ["a user's inline policies", POLICY_SIZE_LIMITS.userInline, '2,048'],
  ])('over the limit for %s: counted without whitespace, as IAM counts', (what, limit, shown) => {
    const atLimit = documentOfSize(limit);
    const over = documentOfSize(limit + 1);
    const size = { limit, what };
    expect(
      lintPolicy(atLimit, undefined, { kind: 'identity', size }).filter(
        (d) => d.rule === 'size' && d.severity === 'error',
      ),
    ).toEqual([]);
    const errors = lintPolicy(over, undefined, { kind: 'identity', size }).filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.message)).toEqual([
      `Too large: ${what} may have at most ${shown} characters not counting whitespace; this is ${limit + 1} characters. Shorten it (wildcards such as "s3:Get*", fewer statements) or split it.`,
    ]);
  });

  it('URL-encoded once, as IAM returns documents: decoded, with no complaint', () => {
    expect(readPolicyDocument(encodeURIComponent(json))).toEqual({
      text: JSON.stringify(policy, null, 2),
      encodingLayers: 1,
    });
    expect(readPolicyDocument(json)).toEqual({ text: JSON.stringify(policy, null, 2), encodingLayers: 0 });
  });

  it('URL-encoded twice: shown decoded, and said so, never as %257B… garbage', () => {
    const twice = encodeURIComponent(encodeURIComponent(json));
    const read = readPolicyDocument(twice);
    expect(read.text).toBe(JSON.stringify(policy, null, 2));
    expect(read.encodingLayers).toBe(2);
    expect(read.problem).toBe(
      'The policy document came back URL-encoded twice; IAM encodes it once, so something between Trellis and the endpoint encoded it again. It is shown decoded.',
    );
    const lint = lintPolicy(twice, undefined, { kind: 'identity' });
    expect(lint).toHaveLength(1);
    expect(lint[0]).toMatchObject({ severity: 'error', rule: 'encoding', line: 1, column: 1 });
    expect(lint[0]?.message).toMatch(/^The policy is URL-encoded twice \(%257B is an encoded "%7B"/);
    expect(lintPolicy(encodeURIComponent(json), undefined, { kind: 'identity' })[0]?.message).toMatch(
      /^The policy is URL-encoded, as the IAM API returns it/,
    );
  });

  describe('sent to main for a change', () => {
    const target = { profile: 'p', region: 'us-east-1' };
    const notCalled = vi.fn(() => Promise.reject(new Error('handler must not run')));
    const handlers = Object.fromEntries(channels.map((c) => [c, notCalled])) as unknown as Handlers;
    const router = createRouter(handlers);
    const put = (type: 'role' | 'user', document: string) =>
      router.dispatch('changes.plan', {
        target,
        intent: { kind: 'iam.putInlinePolicy', principal: { type, name: 'app' }, policyName: 'inline', document },
      });

    // An inline policy's limit is on all of a principal's inline policies together, so the planner judges
    // it and blocks the preview naming the total (test/integration/main/fixPlanners.test.ts); a trust
    // policy stands alone, so its size is refused here.
    it('a trust policy over 8,192 characters is refused before any call', async () => {
      const res = await router.dispatch('changes.plan', {
        target,
        intent: { kind: 'iam.updateAssumeRolePolicy', roleName: 'app', document: documentOfSize(8_193) },
      });
      expect(res).toEqual({
        ok: false,
        error: {
          code: 'validation',
          message:
            'Invalid input for changes.plan: intent.document: the document has 8,193 characters not counting whitespace; IAM allows at most 8,192 for a role trust policy (the most any account can have it raised to)',
          retryable: false,
        },
      });
      expect(notCalled).not.toHaveBeenCalled();
    });

    it('a document URL-encoded twice is refused with that reason', async () => {
      const res = await put('role', encodeURIComponent(encodeURIComponent(json)));
      expect(res.ok).toBe(false);
      if (!res.ok)
        expect(res.error.message).toMatch(
          /^Invalid input for changes\.plan: intent\.document: The policy is URL-encoded twice/,
        );
      expect(notCalled).not.toHaveBeenCalled();
    });
  });
});
