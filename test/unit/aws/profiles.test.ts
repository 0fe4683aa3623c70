import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TrellisError } from '../../../src/main/aws/errors';
import { ProfileRegistry, type SandboxProfileSource } from '../../../src/main/aws/profiles';
import { lines, tempAws, type TempAws } from './fixtures';

let aws: TempAws | undefined;
let registry: ProfileRegistry | undefined;
afterEach(() => {
  registry?.close();
  aws?.cleanup();
  registry = undefined;
  aws = undefined;
});

function open(
  files: { config?: string; credentials?: string },
  env: NodeJS.ProcessEnv = {},
  sandbox?: SandboxProfileSource,
): ProfileRegistry {
  aws = tempAws(files);
  registry = new ProfileRegistry({ env, homeDir: aws.home, sandbox, watch: false });
  return registry;
}

function summaryOf(reg: ProfileRegistry, name: string) {
  const found = reg.list().profiles.find((p) => p.name === name);
  if (!found) throw new Error(`profile ${name} not listed`);
  return found;
}

function thrown(fn: () => unknown): TrellisError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TrellisError) return err;
    throw err;
  }
  throw new Error('expected a TrellisError');
}

const sandbox: SandboxProfileSource = {
  endpoint: 'http://127.0.0.1:4599',
  region: 'eu-west-2',
  credentials: { accessKeyId: 'SANDBOXKEY', secretAccessKey: 'sandboxsecret' },
};

describe('ProfileRegistry: kinds and sources', () => {
  const config = lines(
    '[default]',
    'region = us-east-1',
    '[profile both]',
    'region = us-west-2',
    '[profile sso-new]',
    'sso_session = corp',
    'sso_account_id = 123456789012',
    'sso_role_name = Admin',
    '[profile sso-legacy]',
    'sso_start_url = https://corp.awsapps.com/start',
    'sso_region = us-east-1',
    '[sso-session corp]',
    'sso_start_url = https://corp.awsapps.com/start',
    'sso_region = us-east-1',
    '[profile admin]',
    'role_arn = arn:aws:iam::123456789012:role/Admin',
    'source_profile = default',
    '[profile ec2role]',
    'role_arn = arn:aws:iam::123456789012:role/Admin',
    'credential_source = Ec2InstanceMetadata',
    '[profile proc]',
    'credential_process = /usr/local/bin/get-creds',
    '[profile webid]',
    'role_arn = arn:aws:iam::123456789012:role/Web',
    'web_identity_token_file = /var/run/token',
    '[profile empty]',
    'region = us-east-1',
    '[profile halfkey]',
    'aws_access_key_id = AKIAHALF',
    '[profile orphanrole]',
    'role_arn = arn:aws:iam::123456789012:role/X',
    '[profile dangling]',
    'role_arn = arn:aws:iam::123456789012:role/X',
    'source_profile = nowhere',
    '[profile badsso]',
    'sso_session = missing',
  );
  const credentials = lines(
    '[default]',
    'aws_access_key_id = AKIADEFAULT',
    'aws_secret_access_key = defaultsecret',
    '[both]',
    'aws_access_key_id = AKIABOTH',
    'aws_secret_access_key = bothsecret',
    '[keysonly]',
    'aws_access_key_id = AKIAKEYS',
    'aws_secret_access_key = keyssecret',
  );

  it('lists every profile with its source, kind and problem, default first', () => {
    const reg = open({ config, credentials });
    const rows = reg.list().profiles.map((p) => [p.name, p.source, p.kind, p.problem]);
    expect(rows).toEqual([
      ['default', 'config+credentials', 'static', undefined],
      ['admin', 'config', 'assume-role', undefined],
      ['badsso', 'config', 'sso', "sso_session 'missing' names no [sso-session missing] section"],
      ['both', 'config+credentials', 'static', undefined],
      ['dangling', 'config', 'assume-role', "source_profile 'nowhere' does not exist"],
      ['ec2role', 'config', 'assume-role', undefined],
      ['empty', 'config', 'none', 'no credentials configured for profile empty'],
      ['halfkey', 'config', 'none', 'aws_access_key_id is set but aws_secret_access_key is missing'],
      ['keysonly', 'credentials', 'static', undefined],
      ['orphanrole', 'config', 'none', 'role_arn needs source_profile or credential_source'],
      ['proc', 'config', 'process', undefined],
      ['sso-legacy', 'config', 'sso', undefined],
      ['sso-new', 'config', 'sso', undefined],
      ['webid', 'config', 'web-identity', undefined],
    ]);
    expect(reg.list().fileProblems).toEqual([]);
  });

  it('reads static keys through fromIni from the given files', async () => {
    const reg = open({ config, credentials });
    await expect(reg.resolve('both').credentials()).resolves.toMatchObject({
      accessKeyId: 'AKIABOTH',
      secretAccessKey: 'bothsecret',
    });
  });

  it('runs a credential_process only once it is approved, and names the profile when it fails', async () => {
    const config = lines('[profile proc]', 'credential_process = /nonexistent/get-creds --json');
    const refused: unknown = await open({ config })
      .resolve('proc')
      .credentials()
      .catch((e: unknown) => e);
    expect((refused as TrellisError).appError).toMatchObject({
      code: 'credentials',
      message: expect.stringMatching(
        /^Could not load credentials for profile 'proc': its credential_process has not been approved yet/,
      ),
      signIn: { kind: 'approve-process', profile: 'proc', command: '/nonexistent/get-creds --json' },
    });
    registry?.close();
    aws?.cleanup();
    aws = tempAws({ config });
    const asked: string[] = [];
    registry = new ProfileRegistry({
      env: {},
      homeDir: aws.home,
      watch: false,
      approvals: {
        isApproved: (profile, command) => {
          asked.push(`${profile}: ${command}`);
          return true;
        },
      },
    });
    const resolved = registry.resolve('proc');
    expect(resolved.process).toEqual({ profile: 'proc', command: '/nonexistent/get-creds --json' });
    const failed: unknown = await resolved.credentials().catch((e: unknown) => e);
    expect((failed as TrellisError).appError).toMatchObject({
      code: 'credentials',
      message:
        'Could not load credentials for profile \'proc\': its credential_process could not start "/nonexistent/get-creds": no such program (give its full path, or check PATH) (ENOENT)',
    });
    expect(asked).toEqual(['proc: /nonexistent/get-creds --json']);
  });

  const mfaFiles = {
    config: lines(
      '[profile mfa]',
      'role_arn = arn:aws:iam::123456789012:role/Admin',
      'source_profile = base',
      'mfa_serial = arn:aws:iam::123456789012:mfa/me',
      '[profile chained]',
      'role_arn = arn:aws:iam::123456789012:role/ReadOnly',
      'source_profile = mfa',
    ),
    credentials: lines('[base]', 'aws_access_key_id = AKIABASE', 'aws_secret_access_key = basesecret'),
  };

  it('asks MFA profiles, directly or through their chain, for a code with a sign-in request', async () => {
    const reg = open(mfaFiles);
    for (const name of ['mfa', 'chained']) {
      const resolved = reg.resolve(name);
      expect(resolved.mfa?.serial).toBe('arn:aws:iam::123456789012:mfa/me');
      const err: unknown = await resolved.credentials().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TrellisError);
      expect((err as TrellisError).appError).toEqual({
        code: 'credentials',
        message: `Profile '${name}' needs a code from the MFA device arn:aws:iam::123456789012:mfa/me.`,
        retryable: false,
        hint: 'Choose "Enter MFA code" and type the 6-digit code your device shows. The session it opens lasts until it expires; one code serves every view.',
        signIn: { kind: 'mfa', profile: name, serial: 'arn:aws:iam::123456789012:mfa/me' },
      });
    }
    expect(reg.resolve('base').mfa).toBeUndefined();
    await expect(reg.resolve('base').credentials()).resolves.toMatchObject({ accessKeyId: 'AKIABASE' });
  });

  it('turns ExpiredToken into what the profile needs: a new MFA code, a new process run, or fresh keys', () => {
    const reg = open({
      config: lines(
        mfaFiles.config,
        '[profile proc]',
        'credential_process = /usr/bin/creds',
        '[profile temp]',
        'aws_access_key_id = ASIATEMP',
        'aws_secret_access_key = tempsecret',
        'aws_session_token = temptoken',
      ),
      credentials: mfaFiles.credentials,
    });
    const expired = {
      code: 'credentials' as const,
      message: 'The security token included in the request is expired',
      awsCode: 'ExpiredToken',
      service: 'iam',
      operation: 'GetAccountAuthorizationDetails',
      requestId: 'req-1',
      retryable: false,
    };
    expect(reg.afterRejection('chained', expired)).toEqual({
      stale: true,
      error: {
        code: 'credentials',
        message:
          "The MFA session of profile 'chained' has ended; enter a new code from arn:aws:iam::123456789012:mfa/me to continue.",
        retryable: false,
        hint: expect.stringContaining('Enter MFA code'),
        signIn: { kind: 'mfa', profile: 'chained', serial: 'arn:aws:iam::123456789012:mfa/me' },
        service: 'iam',
        operation: 'GetAccountAuthorizationDetails',
        awsCode: 'ExpiredToken',
        requestId: 'req-1',
      },
    });
    expect(reg.afterRejection('proc', { ...expired, awsCode: 'ExpiredTokenException' })).toEqual({
      stale: true,
      error: {
        ...expired,
        awsCode: 'ExpiredTokenException',
        retryable: true,
        hint: expect.stringMatching(/^Retry: Trellis runs the credential_process again/),
      },
    });
    expect(reg.afterRejection('temp', expired).error.hint).toMatch(
      /^The temporary keys of profile 'temp' have expired/,
    );
    // Anything else is left as it was, and the clients keep their credentials.
    const denied = { ...expired, code: 'access-denied' as const, awsCode: 'AccessDenied' };
    expect(reg.afterRejection('chained', denied)).toEqual({ error: denied, stale: false });
  });

  it('lists a role chain that loops as a problem of the profiles in it', () => {
    const reg = open({
      config: lines(
        '[profile a]',
        'role_arn = arn:aws:iam::123456789012:role/A',
        'source_profile = b',
        '[profile b]',
        'role_arn = arn:aws:iam::123456789012:role/B',
        'source_profile = a',
      ),
    });
    expect(summaryOf(reg, 'a').problem).toBe('source_profile chain loops: a → b → a');
    expect(summaryOf(reg, 'b').problem).toBe('source_profile chain loops: b → a → b');
  });

  it('keeps other profiles usable when one section is broken', () => {
    const reg = open({
      config: lines('[profile ok]', 'region = us-east-1', '[profile broken]', 'region = us-east-1', 'garbage line'),
      credentials: lines(
        '[ok]',
        'aws_access_key_id = A',
        'aws_secret_access_key = B',
        '[broken]',
        'aws_access_key_id = C',
        'aws_secret_access_key = D',
      ),
    });
    expect(summaryOf(reg, 'ok').problem).toBeUndefined();
    expect(reg.resolve('ok').summary.name).toBe('ok');
    expect(summaryOf(reg, 'broken').problem).toBe(`${aws?.configPath} line 5: is not a "key = value" line`);
    const err = thrown(() => reg.resolve('broken'));
    expect(err.appError).toEqual({
      code: 'profile-config',
      message: `Profile 'broken' cannot be used (defined at ${aws?.configPath} line 3): ${aws?.configPath} line 5: is not a "key = value" line`,
      retryable: false,
      hint: 'Fix the file; Trellis re-reads it when it changes.',
    });
  });

  it('reports file problems with file and line, and never throws on a binary file', () => {
    const reg = open({
      config: '\u0000\u0001\u0002\u0003\u0004\u0005',
      credentials: lines('stray = 1', '[k]', 'aws_access_key_id = A', 'aws_secret_access_key = B'),
    });
    expect(reg.list().fileProblems).toEqual([
      { file: aws?.configPath, message: 'The file looks binary, not text; nothing in it was read.' },
      { file: aws?.credentialsPath, line: 1, message: 'is outside any section; add a [profile NAME] header above it' },
    ]);
    expect(reg.list().profiles.map((p) => p.name)).toEqual(['k']);
  });
});

describe('ProfileRegistry: a matrix of broken files, one profile at a time', () => {
  /** Every broken shape side by side with working profiles; each break must stay on its own profile. */
  const config = lines(
    '[profile good]', // 1
    'region = us-east-1',
    '[profile no-source]', // 3
    'role_arn = arn:aws:iam::123456789012:role/A',
    'source_profile = ghost',
    '[profile loop-a]', // 6
    'role_arn = arn:aws:iam::123456789012:role/A',
    'source_profile = loop-b',
    '[profile loop-b]', // 9
    'role_arn = arn:aws:iam::123456789012:role/B',
    'source_profile = loop-a',
    '[profile lost-session]', // 12
    'sso_session = gone',
    'sso_account_id = 123456789012',
    'sso_role_name = Dev',
    '[profile over-lost-session]', // 16
    'role_arn = arn:aws:iam::123456789012:role/Deploy',
    'source_profile = lost-session',
    '[profile sso-ok]', // 19
    'sso_session = corp',
    'sso_account_id = 123456789012',
    'sso_role_name = Dev',
    '[sso-session corp]', // 23
    'sso_start_url = https://corp.awsapps.com/start',
    'sso_region = us-east-1',
    '[profile twice]', // 26
    'region = eu-west-1',
    'aws_access_key_id = AKIAFIRSTTWICE',
    'aws_secret_access_key = first',
    '[profile bad-syntax]', // 30
    'region = us-east-1',
    'this line has no equals sign',
    '[profile twice]', // 33
    'aws_access_key_id = AKIASECONDTWICE',
    'aws_secret_access_key = second',
    '[profile split]', // 36
    'region = ap-south-1',
    'aws_access_key_id = AKIACONFIGSPLIT',
    'aws_secret_access_key = config-secret',
  );
  const credentials = lines(
    '[good]',
    'aws_access_key_id = AKIAGOOD',
    'aws_secret_access_key = goodsecret',
    '[split]',
    'aws_access_key_id = AKIACREDENTIALSSPLIT',
    'aws_secret_access_key = credentials-secret',
    '[bad-syntax]',
    'aws_access_key_id = AKIABADSYNTAX',
    'aws_secret_access_key = badsecret',
  );

  it('gives each broken profile its own specific problem and leaves every other profile problem-free', () => {
    const reg = open({ config, credentials });
    const problems = Object.fromEntries(reg.list().profiles.map((p) => [p.name, p.problem]));
    expect(problems).toEqual({
      good: undefined,
      'no-source': "source_profile 'ghost' does not exist",
      'loop-a': 'source_profile chain loops: loop-a → loop-b → loop-a',
      'loop-b': 'source_profile chain loops: loop-b → loop-a → loop-b',
      'lost-session': "sso_session 'gone' names no [sso-session gone] section",
      // A chain over the broken SSO profile cannot work either, and says why.
      'over-lost-session': "sso_session 'gone' names no [sso-session gone] section",
      'sso-ok': undefined,
      twice: undefined,
      'bad-syntax': `${aws?.configPath} line 32: is not a "key = value" line`,
      split: undefined,
    });
  });

  it('refuses a profile whose sso_session names a missing section with that reason, and signs the others in', async () => {
    const reg = open({ config, credentials });
    expect(thrown(() => reg.resolve('lost-session')).appError).toEqual({
      code: 'profile-config',
      message: `Profile 'lost-session' cannot be used (defined at ${aws?.configPath} line 12): sso_session 'gone' names no [sso-session gone] section`,
      retryable: false,
      hint: 'Fix the file; Trellis re-reads it when it changes.',
    });
    expect(reg.resolve('sso-ok').sso?.config).toMatchObject({ startUrl: 'https://corp.awsapps.com/start' });
    await expect(reg.resolve('good').credentials()).resolves.toMatchObject({ accessKeyId: 'AKIAGOOD' });
    expect(thrown(() => reg.resolve('bad-syntax')).appError.message).toContain('line 32: is not a "key = value" line');
  });

  it('reads a profile written twice in one file as the SDK does, later keys winning, and names both places', async () => {
    const reg = open({ config, credentials });
    expect(reg.list().fileProblems).toEqual([
      {
        file: aws?.configPath,
        line: 33,
        message:
          'duplicate section [profile twice] (first at line 26); the AWS SDK merges the two and the later values win',
      },
    ]);
    // Merged: the region from the first section, the keys from the second.
    expect(summaryOf(reg, 'twice')).toMatchObject({ source: 'config', kind: 'static', region: 'eu-west-1' });
    await expect(reg.resolve('twice').credentials()).resolves.toMatchObject({
      accessKeyId: 'AKIASECONDTWICE',
      secretAccessKey: 'second',
    });
    // The section written between the two halves is its own profile, untouched by the merge.
    expect(summaryOf(reg, 'bad-syntax').region).toBe('us-east-1');
  });

  it('reports a section repeated in the credentials file the same way', async () => {
    const reg = open({
      credentials: lines(
        '[dup]',
        'aws_access_key_id = AKIAOLDDUP',
        'aws_secret_access_key = old',
        '[other]',
        'aws_access_key_id = AKIAOTHER',
        'aws_secret_access_key = other',
        '[dup]',
        'aws_access_key_id = AKIANEWDUP',
      ),
    });
    expect(reg.list().fileProblems).toEqual([
      {
        file: aws?.credentialsPath,
        line: 7,
        message: 'duplicate section [dup] (first at line 1); the AWS SDK merges the two and the later values win',
      },
    ]);
    await expect(reg.resolve('dup').credentials()).resolves.toMatchObject({
      accessKeyId: 'AKIANEWDUP',
      secretAccessKey: 'old',
    });
    await expect(reg.resolve('other').credentials()).resolves.toMatchObject({ accessKeyId: 'AKIAOTHER' });
  });

  it('merges a profile found in both files, the credentials file winning, as the SDK does: not a problem', async () => {
    const reg = open({ config, credentials });
    expect(summaryOf(reg, 'split')).toMatchObject({ source: 'config+credentials', region: 'ap-south-1' });
    await expect(reg.resolve('split').credentials()).resolves.toMatchObject({
      accessKeyId: 'AKIACREDENTIALSSPLIT',
      secretAccessKey: 'credentials-secret',
    });
  });
});

describe('ProfileRegistry: built-in entries', () => {
  it('lists the sandbox first, with its endpoint for every service and static credentials', async () => {
    const reg = open({ config: lines('[profile a]', 'credential_process = x') }, {}, sandbox);
    expect(reg.list().profiles[0]).toEqual({
      name: 'sandbox',
      source: 'sandbox',
      kind: 'sandbox',
      region: 'eu-west-2',
      endpoint: 'http://127.0.0.1:4599',
      readOnly: false,
      readOnlyLocked: false,
    });
    const resolved = reg.resolve('sandbox');
    expect(resolved.region).toBe('eu-west-2');
    expect(resolved.endpointFor('iam')).toBe('http://127.0.0.1:4599');
    expect(resolved.endpointFor('sts')).toBe('http://127.0.0.1:4599');
    await expect(resolved.credentials()).resolves.toEqual({
      accessKeyId: 'SANDBOXKEY',
      secretAccessKey: 'sandboxsecret',
    });
  });

  it('hides a file profile named sandbox behind the built-in one, and says so', () => {
    const reg = open(
      { credentials: lines('[sandbox]', 'aws_access_key_id = A', 'aws_secret_access_key = B') },
      {},
      sandbox,
    );
    expect(reg.list().profiles.map((p) => [p.name, p.source])).toEqual([['sandbox', 'sandbox']]);
    expect(reg.list().fileProblems).toEqual([
      {
        file: aws?.credentialsPath,
        line: 1,
        message: "profile 'sandbox' is hidden by the built-in practice sandbox; rename it to use it",
      },
    ]);
  });

  const envKeys = {
    AWS_ACCESS_KEY_ID: 'AKIAENV',
    AWS_SECRET_ACCESS_KEY: 'envsecret',
    AWS_SESSION_TOKEN: 'envtoken',
    AWS_REGION: 'ap-southeast-2',
  };

  it('adds an env entry when both environment keys are set, reading this registry env', async () => {
    const reg = open({ config: lines('[profile a]', 'credential_process = x') }, envKeys, sandbox);
    expect(reg.list().profiles.map((p) => p.name)).toEqual(['sandbox', 'env', 'a']);
    expect(summaryOf(reg, 'env')).toEqual({
      name: 'env',
      source: 'environment',
      kind: 'environment',
      region: 'ap-southeast-2',
      readOnly: false,
      readOnlyLocked: false,
    });
    await expect(reg.resolve('env').credentials()).resolves.toEqual({
      accessKeyId: 'AKIAENV',
      secretAccessKey: 'envsecret',
      sessionToken: 'envtoken',
    });
  });

  it('has no env entry when only one key is set', () => {
    const reg = open({}, { AWS_ACCESS_KEY_ID: 'AKIAENV' });
    expect(reg.list().profiles).toEqual([]);
  });

  it("names the environment entry 'env (environment)' when a file defines a profile called env", () => {
    const reg = open(
      { credentials: lines('[env]', 'aws_access_key_id = AKIAFILE', 'aws_secret_access_key = filesecret') },
      envKeys,
    );
    expect(reg.list().profiles.map((p) => [p.name, p.source])).toEqual([
      ['env (environment)', 'environment'],
      ['env', 'credentials'],
    ]);
    expect(reg.resolve('env (environment)').summary.kind).toBe('environment');
    expect(reg.resolve('env').summary.kind).toBe('static');
  });
});

describe('ProfileRegistry: read-only flag and region', () => {
  it('locks read-only from trellis_read_only, erring on the safe side', () => {
    const reg = open({
      config: lines(
        '[profile locked]',
        'trellis_read_only = true',
        'credential_process = x',
        '[profile open]',
        'trellis_read_only = false',
        'credential_process = x',
        '[profile typo]',
        'trellis_read_only = ture',
        'credential_process = x',
        '[profile plain]',
        'credential_process = x',
      ),
    });
    const flags = reg.list().profiles.map((p) => [p.name, p.readOnly, p.readOnlyLocked]);
    expect(flags).toEqual([
      ['locked', true, true],
      ['open', false, false],
      ['plain', false, false],
      ['typo', true, true],
    ]);
    expect(reg.resolve('locked').summary.readOnly).toBe(true);
  });

  const profiles = lines(
    '[profile own]',
    'region = eu-north-1',
    'credential_process = x',
    '[profile none]',
    'credential_process = x',
  );

  it('takes the region from the profile, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    const both = open({ config: profiles }, { AWS_REGION: 'us-west-1', AWS_DEFAULT_REGION: 'sa-east-1' });
    expect(both.resolve('own').region).toBe('eu-north-1');
    expect(both.resolve('none').region).toBe('us-west-1');
    both.close();
    aws?.cleanup();
    const fallback = open({ config: profiles }, { AWS_DEFAULT_REGION: 'sa-east-1' });
    expect(fallback.resolve('none').region).toBe('sa-east-1');
    expect(summaryOf(fallback, 'none').region).toBe('sa-east-1');
    fallback.close();
    aws?.cleanup();
    const nothing = open({ config: profiles });
    expect(nothing.resolve('none').region).toBeUndefined();
    expect(summaryOf(nothing, 'none').region).toBeUndefined();
  });

  it('makes a region that is not a region code a profile problem', () => {
    const reg = open({ config: lines('[profile bad]', 'region = us-east', 'credential_process = x') });
    expect(summaryOf(reg, 'bad').problem).toBe("region 'us-east' is not an AWS region code (e.g. us-east-1)");
    expect(thrown(() => reg.resolve('bad')).appError.code).toBe('profile-config');
  });
});

describe('ProfileRegistry: unknown profiles and file locations', () => {
  it('suggests the nearest name', () => {
    const reg = open({
      config: lines('[profile prod-admin]', 'credential_process = x', '[profile dev]', 'credential_process = x'),
    });
    const err = thrown(() => reg.resolve('prod-admn'));
    expect(err.appError).toEqual({
      code: 'unknown-profile',
      message: `No profile named 'prod-admn' in ${aws?.configPath} or ${aws?.credentialsPath}. Did you mean 'prod-admin'?`,
      retryable: false,
    });
  });

  it('lists the known profiles when nothing is near', () => {
    const reg = open({
      config: lines('[profile alpha]', 'credential_process = x', '[profile beta]', 'credential_process = x'),
    });
    expect(thrown(() => reg.resolve('completely-different')).appError.message).toBe(
      `No profile named 'completely-different' in ${aws?.configPath} or ${aws?.credentialsPath}. Known profiles: alpha, beta.`,
    );
  });

  it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE', async () => {
    aws = tempAws({ config: lines('[profile hidden]', 'credential_process = x') });
    const dir = join(aws.home, 'custom');
    mkdirSync(dir);
    writeFileSync(join(dir, 'cfg'), lines('[profile custom]', 'region = us-east-2'));
    writeFileSync(
      join(dir, 'creds'),
      lines('[custom]', 'aws_access_key_id = AKIACUSTOM', 'aws_secret_access_key = customsecret'),
    );
    const env = { AWS_CONFIG_FILE: join(dir, 'cfg'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'creds') };
    registry = new ProfileRegistry({ env, homeDir: aws.home, watch: false });
    expect(registry.list().profiles.map((p) => [p.name, p.source])).toEqual([['custom', 'config+credentials']]);
    await expect(registry.resolve('custom').credentials()).resolves.toMatchObject({ accessKeyId: 'AKIACUSTOM' });
    expect(thrown(() => registry?.resolve('hidden')).appError.message).toBe(
      `No profile named 'hidden' in ${join(dir, 'cfg')} or ${join(dir, 'creds')}. Known profiles: custom.`,
    );
  });
});

describe('ProfileRegistry: live reload', () => {
  function nextChange(reg: ProfileRegistry, timeoutMs = 5_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no change event')), timeoutMs);
      const off = reg.onChange(() => {
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  it('re-reads the files when they change and then tells listeners', async () => {
    aws = tempAws({ config: lines('[profile first]', 'credential_process = x') });
    registry = new ProfileRegistry({ env: {}, homeDir: aws.home, watch: true });
    expect(registry.list().profiles.map((p) => p.name)).toEqual(['first']);
    let silenced = 0;
    registry.onChange(() => silenced++)();

    const changed = nextChange(registry);
    aws.write(
      'config',
      lines('[profile first]', 'credential_process = x', '[profile second]', 'credential_process = y'),
    );
    await changed;
    expect(registry.list().profiles.map((p) => p.name)).toEqual(['first', 'second']);
    expect(silenced).toBe(0);

    // A file that did not exist at start is picked up too.
    const created = nextChange(registry);
    aws.write('credentials', lines('[keys]', 'aws_access_key_id = A', 'aws_secret_access_key = B'));
    await created;
    expect(registry.list().profiles.map((p) => p.name)).toEqual(['first', 'keys', 'second']);
  });

  it('notices the .aws directory being created after start', async () => {
    aws = tempAws();
    const home = join(aws.home, 'fresh-home');
    mkdirSync(home);
    registry = new ProfileRegistry({ env: {}, homeDir: home, watch: true });
    expect(registry.list().profiles).toEqual([]);
    const changed = nextChange(registry);
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), lines('[profile late]', 'credential_process = x'));
    await changed;
    // The first event may have seen only the directory; wait until the profile shows.
    for (let i = 0; i < 20 && registry.list().profiles.length === 0; i++) await nextChange(registry);
    expect(registry.list().profiles.map((p) => p.name)).toEqual(['late']);
  });
});
