/**
 * Adding and removing a profile section in the user's config file: the rest
 * of the file (comments, order, line endings, other sections) is untouched,
 * and a remove after an add gives back the file as it was.
 */
import {
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  lstatSync,
  readdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  appendProfileSection,
  readConfigText,
  removeProfileSection,
  writeConfigText,
} from '../../../src/main/aws/configFileEdits';
import { parseIni, profileSections } from '../../../src/main/aws/sharedConfig';

const VALUES = { sso_session: 'corp', sso_account_id: '111122223333', sso_role_name: 'ReadOnly', region: 'eu-west-1' };

const ORIGINAL = [
  '# my AWS config',
  '[default]',
  'region = us-east-1',
  '',
  '; the dev account',
  '[profile dev]',
  'sso_session = corp',
  '',
  '[sso-session corp]',
  'sso_start_url = https://corp.awsapps.com/start',
  'sso_region = us-east-1',
  '',
].join('\n');

describe('appendProfileSection', () => {
  it('adds the section after one blank line and leaves everything before it byte for byte', () => {
    const next = appendProfileSection(ORIGINAL, 'ro', VALUES);
    expect(next.startsWith(ORIGINAL)).toBe(true);
    expect(next.slice(ORIGINAL.length)).toBe(
      '\n[profile ro]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = eu-west-1\n',
    );
    // What the SDK's parser reads back is exactly what was written.
    expect(profileSections(parseIni(next, 'config', 'config')).get('ro')?.values).toEqual(VALUES);
  });

  it('keeps CRLF files CRLF and adds the missing final newline first', () => {
    const crlf = '[profile a]\r\nregion = us-east-1';
    expect(appendProfileSection(crlf, 'b', { region: 'eu-west-1' })).toBe(
      '[profile a]\r\nregion = us-east-1\r\n\r\n[profile b]\r\nregion = eu-west-1\r\n',
    );
  });

  it('writes just the section into an empty or missing file', () => {
    expect(appendProfileSection('', 'b', { region: 'eu-west-1' })).toBe('[profile b]\nregion = eu-west-1\n');
    expect(appendProfileSection('\n\n', 'b', { region: 'eu-west-1' })).toBe('[profile b]\nregion = eu-west-1\n');
  });
});

describe('removeProfileSection', () => {
  it('undoes an append exactly', () => {
    const added = appendProfileSection(ORIGINAL, 'ro', VALUES);
    expect(removeProfileSection(added, 'ro')).toEqual({ ok: true, text: ORIGINAL });
  });

  it('removes a section in the middle and keeps the comment that belongs to the next one', () => {
    const text = [
      '[profile a]',
      'region = us-east-1',
      '',
      '[profile b]',
      'region = eu-west-1',
      '# about c',
      '[profile c]',
      'region = eu-west-2',
      '',
    ].join('\n');
    const out = removeProfileSection(text, 'b');
    expect(out).toEqual({
      ok: true,
      text: ['[profile a]', 'region = us-east-1', '# about c', '[profile c]', 'region = eu-west-2', ''].join('\n'),
    });
  });

  it('refuses a name with two sections, and one that is not there', () => {
    const twice = '[profile a]\nregion = us-east-1\n[profile a]\nregion = eu-west-1\n';
    expect(removeProfileSection(twice, 'a')).toEqual({
      ok: false,
      reason: 'the file has 2 [profile a] sections; edit it by hand',
    });
    expect(removeProfileSection(twice, 'b')).toEqual({ ok: false, reason: 'the file has no [profile b] section' });
  });

  it('finds headers however the SDK allows them to be spaced or quoted', () => {
    const text = '[profile a]\nregion = us-east-1\n[ profile  "b" ]  # quoted\nregion = eu-west-1\n';
    expect(removeProfileSection(text, 'b')).toEqual({ ok: true, text: '[profile a]\nregion = us-east-1\n' });
  });
});

describe('writeConfigText', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a missing file (and its folder) private to the user', () => {
    dir = mkdtempSync(join(tmpdir(), 'trellis-config-'));
    const path = join(dir, '.aws', 'config');
    expect(readConfigText(path)).toBe('');
    writeConfigText(path, '[profile a]\n');
    expect(readFileSync(path, 'utf8')).toBe('[profile a]\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('keeps the mode of an existing file, writes through a symlink, and leaves no temporary file', () => {
    dir = mkdtempSync(join(tmpdir(), 'trellis-config-'));
    const real = join(dir, 'dotfiles-config');
    writeFileSync(real, '[profile a]\n', { mode: 0o640 });
    const link = join(dir, 'config');
    symlinkSync(real, link);
    writeConfigText(link, '[profile a]\n\n[profile b]\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('[profile a]\n\n[profile b]\n');
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['config', 'dotfiles-config']);
  });
});
