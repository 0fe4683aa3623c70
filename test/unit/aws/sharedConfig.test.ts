import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseIni, readIniFile, readSharedFiles, type IniSection } from '../../../src/main/aws/sharedConfig';
import { lines, tempAws, type TempAws } from './fixtures';

function section(file: { sections: IniSection[] }, kind: IniSection['kind'], name: string): IniSection {
  const found = file.sections.find((s) => s.kind === kind && s.name === name);
  if (!found) throw new Error(`no ${kind} section ${name}`);
  return found;
}

/** Plain objects, so toEqual compares records built with a null prototype. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('parseIni: well-formed files', () => {
  const config = lines(
    '# a full-line comment',
    '[default]',
    'region = us-east-1',
    '',
    '; another comment',
    '[profile dev]',
    'Region = eu-west-1   # inline comment after whitespace',
    'aws_access_key_id = AKIADEV ; inline semicolon comment',
    'endpoint_url = http://localhost:4566/#fragment-kept',
    's3 =',
    '  endpoint_url = http://s3.local',
    '  Addressing_Style = path',
    'output = json',
    '[sso-session corp]',
    'sso_start_url = https://corp.awsapps.com/start',
    '[services local]',
    'iam =',
    '  endpoint_url = http://127.0.0.1:5000',
    'elastic_beanstalk =',
    '    endpoint_url = http://127.0.0.1:5001',
    '[plugins]',
    'cli_legacy_plugin_path = /x',
  );

  it('reads sections, kinds, lines, lower-cased keys, comments and nested sub-sections', () => {
    const file = parseIni(config, '/x/config', 'config');
    expect(file.problems).toEqual([]);
    expect(file.sections.map((s) => [s.kind, s.name, s.line])).toEqual([
      ['default', 'default', 2],
      ['profile', 'dev', 6],
      ['sso-session', 'corp', 14],
      ['services', 'local', 16],
      ['other', 'plugins', 21],
    ]);
    expect(plain(section(file, 'default', 'default').values)).toEqual({ region: 'us-east-1' });
    const dev = section(file, 'profile', 'dev');
    expect(plain(dev.values)).toEqual({
      region: 'eu-west-1',
      aws_access_key_id: 'AKIADEV',
      endpoint_url: 'http://localhost:4566/#fragment-kept',
      output: 'json',
    });
    expect(plain(dev.sub)).toEqual({ s3: { endpoint_url: 'http://s3.local', addressing_style: 'path' } });
    expect(dev.problems).toEqual([]);
    expect(plain(section(file, 'services', 'local').sub)).toEqual({
      iam: { endpoint_url: 'http://127.0.0.1:5000' },
      elastic_beanstalk: { endpoint_url: 'http://127.0.0.1:5001' },
    });
    expect(plain(section(file, 'sso-session', 'corp').values)).toEqual({
      sso_start_url: 'https://corp.awsapps.com/start',
    });
  });

  it('handles CRLF line endings and a byte-order mark', () => {
    const file = parseIni('\uFEFF[profile a]\r\nregion = us-west-2\r\n', '/x/config', 'config');
    expect(file.problems).toEqual([]);
    expect(plain(section(file, 'profile', 'a').values)).toEqual({ region: 'us-west-2' });
  });

  it('accepts quoted profile names as the SDK does', () => {
    const file = parseIni('[profile "quoted"]\nregion = us-east-1\n', '/x/config', 'config');
    expect(section(file, 'profile', 'quoted').problems).toEqual([]);
  });

  it('reads credentials-file headers without the profile prefix', () => {
    const file = parseIni(
      lines('[default]', 'aws_access_key_id = A', '[work]', 'aws_access_key_id = B'),
      '/c',
      'credentials',
    );
    expect(file.sections.map((s) => [s.kind, s.name])).toEqual([
      ['default', 'default'],
      ['profile', 'work'],
    ]);
    expect(file.problems).toEqual([]);
  });
});

describe('parseIni: malformed input', () => {
  const text = lines(
    'stray = value', // 1
    '[profile good]', // 2
    'aws_access_key_id = AKIAGOOD', // 3
    'aws_secret_access_key = goodsecret', // 4
    '[profile broken]', // 5
    'aws_access_key_id = AKIABROKEN', // 6
    'this line has no equals sign', // 7
    '= orphan value', // 8
    '[profile unterminated', // 9
    'region = us-east-1', // 10
    '[profile good]', // 11
    'region = eu-west-1', // 12
    '[default]', // 13
    'region = us-west-2', // 14
    '[profile default]', // 15
    'region = us-east-2', // 16
    '[profile junk]', // 17
    'aws_access_key_id = \u0000\u0001\u0002garbage', // 18
    '[foo]', // 19
    '[profile sp ace]', // 20
    '[profile shouty]', // 21
    'AWS_ACCESS_KEY_ID = AKIASHOUT', // 22
    '[ profile padded ]', // 23
  );

  it('reports every problem with its line and never throws', () => {
    const file = parseIni(text, '/x/config', 'config');
    expect(file.problems).toEqual([
      { line: 1, message: 'is outside any section; add a [profile NAME] header above it' },
      {
        line: 11,
        message:
          'duplicate section [profile good] (first at line 2); the AWS SDK merges the two and the later values win',
      },
      { line: 19, message: 'section [foo] was ignored: profiles in the config file are written [profile foo]' },
      {
        line: 15,
        message:
          '[default] (line 13) and [profile default] (line 15) both define the default profile; the AWS SDK uses [profile default] and ignores [default]',
      },
    ]);
  });

  it('marks only the broken profile, with the malformed lines', () => {
    const file = parseIni(text, '/x/config', 'config');
    expect(section(file, 'profile', 'broken').problems).toEqual([
      'line 7: is not a "key = value" line',
      'line 8: has no key before "="',
    ]);
    const good = section(file, 'profile', 'good');
    expect(good.problems).toEqual([]);
    expect(good.line).toBe(2);
    expect(plain(good.values)).toEqual({
      aws_access_key_id: 'AKIAGOOD',
      aws_secret_access_key: 'goodsecret',
      region: 'eu-west-1',
    });
  });

  it('keeps an unterminated header as a profile with a problem, and its keys', () => {
    const file = parseIni(text, '/x/config', 'config');
    const unterminated = section(file, 'profile', 'unterminated');
    expect(unterminated.problems).toEqual(['line 9: section header "[profile unterminated" has no closing "]"']);
    expect(plain(unterminated.values)).toEqual({ region: 'us-east-1' });
  });

  it('reports binary junk, bad names, upper-case credential keys and padded headers on their profiles', () => {
    const file = parseIni(text, '/x/config', 'config');
    expect(section(file, 'profile', 'junk').problems).toEqual([
      'line 18: contains binary or control characters; the line was ignored',
    ]);
    expect(section(file, 'profile', 'sp ace').problems).toEqual([
      'line 20: the name "sp ace" has characters the AWS SDK does not accept (use letters, digits and _-@+.%:/)',
    ]);
    expect(section(file, 'profile', 'shouty').problems).toEqual([
      'line 22: write "aws_access_key_id" in lower case; the AWS SDK does not read "AWS_ACCESS_KEY_ID"',
    ]);
    expect(section(file, 'profile', 'padded').problems).toEqual([
      'line 23: the AWS SDK does not read this header; write it as [profile padded]',
    ]);
  });

  it('never quotes a malformed line, which could hold a secret', () => {
    const file = parseIni(
      '[profile a]\naws_secret_access_key wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\n',
      '/c',
      'config',
    );
    expect(JSON.stringify(file)).not.toContain('wJalrXUtnFEMIK7MDENG');
    expect(section(file, 'profile', 'a').problems).toEqual(['line 2: is not a "key = value" line']);
  });

  it('rejects a mostly-binary file with one problem', () => {
    const junk = Array.from({ length: 400 }, (_, i) => String.fromCharCode(i % 32)).join('');
    const file = parseIni(junk, '/x/config', 'config');
    expect(file.sections).toEqual([]);
    expect(file.problems).toEqual([{ message: 'The file looks binary, not text; nothing in it was read.' }]);
  });

  it('explains [profile x] in the credentials file', () => {
    const file = parseIni(
      lines('[profile work]', 'aws_access_key_id = A', '[ok]', 'aws_access_key_id = B'),
      '/c',
      'credentials',
    );
    expect(file.problems).toEqual([
      {
        line: 1,
        message:
          'section [profile work] was ignored: in the credentials file a profile is written [work], not [profile work]',
      },
    ]);
    expect(file.sections.map((s) => [s.kind, s.name])).toEqual([
      ['other', 'profile work'],
      ['profile', 'ok'],
    ]);
  });

  it('reports a key line inside a non-profile section as a file problem', () => {
    const file = parseIni(lines('[services s]', 'iam', '[profile p]', 'region = us-east-1'), '/x/config', 'config');
    expect(file.problems).toEqual([{ line: 2, message: 'is not a "key = value" line' }]);
    expect(section(file, 'profile', 'p').problems).toEqual([]);
  });

  it('keeps __proto__ an ordinary name and reports it', () => {
    const file = parseIni(lines('[profile x]', '__proto__ = polluted'), '/x/config', 'config');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(section(file, 'profile', 'x').values.__proto__).toBe('polluted');
    const header = parseIni('[profile __proto__]\n', '/x/config', 'config');
    expect(section(header, 'profile', '__proto__').problems).toEqual([
      'line 1: the AWS SDK rejects the name "__proto__" and then ignores the whole file',
    ]);
  });
});

describe('readSharedFiles', () => {
  let aws: TempAws;
  afterEach(() => aws.cleanup());

  it('reads ~/.aws/config and ~/.aws/credentials under the given home by default', () => {
    aws = tempAws({ config: '[profile c]\nregion = us-east-1\n', credentials: '[k]\naws_access_key_id = A\n' });
    const files = readSharedFiles({}, aws.home);
    expect(files.config.path).toBe(aws.configPath);
    expect(files.credentials.path).toBe(aws.credentialsPath);
    expect(files.config.sections.map((s) => s.name)).toEqual(['c']);
    expect(files.credentials.sections.map((s) => s.name)).toEqual(['k']);
  });

  it('treats missing files as empty, without problems', () => {
    aws = tempAws();
    const files = readSharedFiles({}, aws.home);
    expect(files.config).toEqual({ path: aws.configPath, exists: false, sections: [], problems: [] });
    expect(files.credentials).toEqual({ path: aws.credentialsPath, exists: false, sections: [], problems: [] });
  });

  it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, including ~/ paths', () => {
    aws = tempAws({ config: '[profile ignored]\n' });
    mkdirSync(join(aws.home, 'elsewhere'));
    writeFileSync(join(aws.home, 'elsewhere', 'cfg'), '[profile custom]\nregion = us-east-1\n');
    writeFileSync(join(aws.home, 'elsewhere', 'creds'), '[customkeys]\naws_access_key_id = A\n');
    const env = {
      AWS_CONFIG_FILE: join(aws.home, 'elsewhere', 'cfg'),
      AWS_SHARED_CREDENTIALS_FILE: '~/elsewhere/creds',
    };
    const files = readSharedFiles(env, aws.home);
    expect(files.config.path).toBe(join(aws.home, 'elsewhere', 'cfg'));
    expect(files.credentials.path).toBe(join(aws.home, 'elsewhere', 'creds'));
    expect(files.config.sections.map((s) => s.name)).toEqual(['custom']);
    expect(files.credentials.sections.map((s) => s.name)).toEqual(['customkeys']);
  });

  it('reports a path that cannot be read as a file, and undecodable bytes per line', () => {
    aws = tempAws();
    mkdirSync(join(aws.home, 'adir'));
    expect(readIniFile(join(aws.home, 'adir'), 'config').problems).toEqual([
      {
        message: `The file could not be read (EISDIR): ${join(aws.home, 'adir')} is a directory, not a file. Move it aside and put the file there, or set AWS_CONFIG_FILE to the file.`,
      },
    ]);
    const path = join(aws.home, 'latin1');
    writeFileSync(
      path,
      Buffer.concat([Buffer.from('[profile a]\nregion = us-east-1\nname = caf'), Buffer.from([0xe9, 0x0a])]),
    );
    const file = readIniFile(path, 'config');
    expect(file.sections[0]?.problems).toEqual(['line 3: contains binary or control characters; the line was ignored']);
  });
});
