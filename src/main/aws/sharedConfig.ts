import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { profileNameSchema, type ProfileSummary } from '../../shared/contract';
import { unreadableMessage } from './sharedFileProblems';

export interface IniSection {
  /** The profile, sso-session or services name; for `other` sections the text between the brackets. */
  name: string;
  kind: 'profile' | 'default' | 'sso-session' | 'services' | 'other';
  /** Keys are lower case; a repeated key keeps its last value. */
  values: Record<string, string>;
  /** Nested settings such as `s3 =` followed by indented `endpoint_url = ...` lines. */
  sub: Record<string, Record<string, string>>;
  /** Line of the (first) header. */
  line: number;
  /** Problems inside this section, each starting `line N:`. */
  problems: string[];
}

export interface ParsedIniFile {
  path: string;
  exists: boolean;
  sections: IniSection[];
  /** Problems not confined to one profile section (those live on the section). */
  problems: { line?: number; message: string }[];
}

export type IniFlavour = 'config' | 'credentials';

/** The profile names the AWS SDK's own parser accepts in a `[profile NAME]` header. */
const SDK_NAME = /^[\w\-@+.%:/]+$/;
/** The exact header shape the SDK accepts; anything else it silently skips. */
const SDK_PREFIXED_HEADER = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;
const CONFIG_PREFIXES: Record<string, IniSection['kind']> = {
  profile: 'profile',
  'sso-session': 'sso-session',
  services: 'services',
};
/** Sections the AWS CLI itself keeps in the config file; not mistakes. */
const KNOWN_NON_PROFILE_SECTIONS = new Set(['plugins', 'preview']);
/**
 * Keys the SDK's credential providers read only when spelled in lower case.
 * (Region and endpoints are read by Trellis itself, case-insensitively.)
 */
const CASE_SENSITIVE_KEYS = new Set([
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'role_arn',
  'role_session_name',
  'source_profile',
  'credential_source',
  'credential_process',
  'web_identity_token_file',
  'external_id',
  'mfa_serial',
  'duration_seconds',
  'sso_session',
  'sso_start_url',
  'sso_account_id',
  'sso_role_name',
  'sso_region',
]);
// Control characters other than tab, and U+FFFD (what undecodable bytes become).
// eslint-disable-next-line no-control-regex
const JUNK = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;
const JUNK_ALL = new RegExp(JUNK.source, 'g');

export function sharedFilePaths(env: NodeJS.ProcessEnv, homeDir: string): { config: string; credentials: string } {
  const pick = (value: string | undefined, fallback: string) => {
    if (!value) return fallback;
    return value.startsWith('~/') ? join(homeDir, value.slice(2)) : resolve(value);
  };
  return {
    config: pick(env.AWS_CONFIG_FILE, join(homeDir, '.aws', 'config')),
    credentials: pick(env.AWS_SHARED_CREDENTIALS_FILE, join(homeDir, '.aws', 'credentials')),
  };
}

export function readSharedFiles(
  env: NodeJS.ProcessEnv,
  homeDir: string,
): { config: ParsedIniFile; credentials: ParsedIniFile } {
  const paths = sharedFilePaths(env, homeDir);
  return { config: readIniFile(paths.config, 'config'), credentials: readIniFile(paths.credentials, 'credentials') };
}

export function readIniFile(path: string, flavour: IniFlavour): ParsedIniFile {
  let bytes: Buffer;
  try {
    // A FIFO would block main forever on read; only regular files (and what links to one) are opened.
    const stat = statSync(path);
    if (!stat.isFile() && !stat.isDirectory()) {
      return {
        path,
        exists: true,
        sections: [],
        problems: [{ message: unreadableMessage('not-a-file', path, flavour) }],
      };
    }
    bytes = readFileSync(path);
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'unknown error';
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path, exists: false, sections: [], problems: [] };
    return { path, exists: true, sections: [], problems: [{ message: unreadableMessage(code, path, flavour) }] };
  }
  // Non-fatal decoding turns invalid bytes into U+FFFD, which the parser reports per line.
  return parseIni(new TextDecoder('utf-8').decode(bytes), path, flavour);
}

/**
 * Parses an AWS shared config or credentials file the way the AWS SDK for
 * JavaScript reads it, and reports (never throws) everything it would skip
 * or misread, with line numbers.
 */
export function parseIni(text: string, path: string, flavour: IniFlavour): ParsedIniFile {
  const file: ParsedIniFile = { path, exists: true, sections: [], problems: [] };
  const body = text.replace(/^\uFEFF/, '');
  const junkCount = body.match(JUNK_ALL)?.length ?? 0;
  if (body.length > 0 && junkCount / body.length > 0.3) {
    file.problems.push({ message: 'The file looks binary, not text; nothing in it was read.' });
    return file;
  }

  const byIdentity = new Map<string, IniSection>();
  let current: IniSection | undefined;
  let openSub: string | undefined;

  const report = (line: number, message: string, section = current) => {
    if (section && (section.kind === 'profile' || section.kind === 'default')) {
      section.problems.push(`line ${line}: ${message}`);
    } else {
      section?.problems.push(`line ${line}: ${message}`);
      file.problems.push({ line, message });
    }
  };

  const lines = body.split(/\r\n|\n|\r/);
  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    const raw = lines[index] ?? '';
    if (JUNK.test(raw)) {
      report(lineNo, 'contains binary or control characters; the line was ignored');
      continue;
    }
    const content = stripComment(raw).trim();
    if (content === '') continue;

    if (content.startsWith('[')) {
      openSub = undefined;
      current = openSection(content, lineNo, flavour, file, byIdentity);
      continue;
    }
    if (!current) {
      report(lineNo, 'is outside any section; add a [profile NAME] header above it');
      continue;
    }
    const eq = content.indexOf('=');
    if (eq <= 0) {
      report(lineNo, eq === 0 ? 'has no key before "="' : 'is not a "key = value" line');
      continue;
    }
    const rawKey = content.slice(0, eq).trim();
    const key = rawKey.toLowerCase();
    const value = content.slice(eq + 1).trim();
    const indented = /^\s/.test(raw);

    if (openSub !== undefined && indented) {
      (current.sub[openSub] ??= nullRecord())[key] = value;
      continue;
    }
    openSub = undefined;
    if (rawKey !== key && CASE_SENSITIVE_KEYS.has(key)) {
      report(lineNo, `write "${key}" in lower case; the AWS SDK does not read "${rawKey}"`);
    }
    if (value === '') {
      openSub = key;
      continue;
    }
    current.values[key] = value;
  }

  reportDefaultClash(file);
  return file;
}

/** The sections the SDK reads as profiles, by name. */
export function profileSections(file: ParsedIniFile): Map<string, IniSection> {
  const out = new Map<string, IniSection>();
  for (const section of file.sections) {
    if (section.kind !== 'profile' && section.kind !== 'default') continue;
    if (!profileNameSchema.safeParse(section.name).success) continue;
    // The SDK lets [profile default] replace [default]; the parser reports the clash.
    if (section.kind === 'default' && out.has('default')) continue;
    out.set(section.name, section);
  }
  return out;
}

/** The same order the SDK's fromIni tries them in, so the kind we show is the one that will be used. */
export function credentialKind(values: Record<string, string>): ProfileSummary['kind'] {
  if (
    values.role_arn !== undefined &&
    (values.source_profile !== undefined || values.credential_source !== undefined)
  ) {
    return 'assume-role';
  }
  if (values.aws_access_key_id !== undefined && values.aws_secret_access_key !== undefined) return 'static';
  if (values.web_identity_token_file !== undefined && values.role_arn !== undefined) return 'web-identity';
  if (values.credential_process !== undefined) return 'process';
  if (
    ['sso_session', 'sso_start_url', 'sso_account_id', 'sso_role_name', 'sso_region'].some(
      (k) => values[k] !== undefined,
    )
  ) {
    return 'sso';
  }
  return 'none';
}

export function kindProblems(
  name: string,
  kind: ProfileSummary['kind'],
  values: Record<string, string>,
  known: { ssoSessions: Set<string>; profiles: string[] },
): string[] {
  if (kind === 'none') {
    if (values.aws_access_key_id !== undefined)
      return [`aws_access_key_id is set but aws_secret_access_key is missing`];
    if (values.role_arn !== undefined) return [`role_arn needs source_profile or credential_source`];
    return [`no credentials configured for profile ${name}`];
  }
  if (
    kind === 'assume-role' &&
    values.source_profile !== undefined &&
    !known.profiles.includes(values.source_profile)
  ) {
    return [`source_profile '${values.source_profile}' does not exist`];
  }
  if (kind === 'sso' && values.sso_session !== undefined && !known.ssoSessions.has(values.sso_session)) {
    return [`sso_session '${values.sso_session}' names no [sso-session ${values.sso_session}] section`];
  }
  return [];
}

/** Inline comments need whitespace before `#`/`;`, so URLs with fragments survive. */
function stripComment(line: string): string {
  const match = /(^|\s)[#;]/.exec(line);
  return match ? line.slice(0, match.index) : line;
}

function openSection(
  content: string,
  lineNo: number,
  flavour: IniFlavour,
  file: ParsedIniFile,
  byIdentity: Map<string, IniSection>,
): IniSection {
  const close = content.indexOf(']');
  const inner = close === -1 ? content.slice(1) : content.slice(1, close);
  const headerProblems: string[] = [];
  if (close === -1) headerProblems.push(`section header "[${clip(inner)}" has no closing "]"`);
  else if (content.slice(close + 1).trim() !== '') headerProblems.push('has text after the closing "]"');

  const header = classifyHeader(inner, flavour);
  if (header.problem) headerProblems.push(header.problem);
  if (header.name === '__proto__')
    headerProblems.push('the AWS SDK rejects the name "__proto__" and then ignores the whole file');
  const nameUsable = profileNameSchema.safeParse(header.name).success;
  const kind = nameUsable ? header.kind : 'other';

  const identity = `${kind}\u0000${header.name}`;
  const existing = kind === 'other' ? undefined : byIdentity.get(identity);
  const section: IniSection = existing ?? {
    name: header.name,
    kind,
    values: nullRecord(),
    sub: nullRecord(),
    line: lineNo,
    problems: [],
  };
  if (!existing) {
    byIdentity.set(identity, section);
    file.sections.push(section);
  } else {
    file.problems.push({
      line: lineNo,
      message: `duplicate section [${clip(inner.trim())}] (first at line ${existing.line}); the AWS SDK merges the two and the later values win`,
    });
  }

  const isProfile = kind === 'profile' || kind === 'default';
  for (const problem of headerProblems) {
    if (isProfile) section.problems.push(`line ${lineNo}: ${problem}`);
    else file.problems.push({ line: lineNo, message: problem });
  }
  if (!nameUsable && header.kind !== 'other') {
    file.problems.push({
      line: lineNo,
      message: `"${clip(header.name)}" is not a usable profile name; the section was ignored`,
    });
  }
  if (header.ignoredBecause) file.problems.push({ line: lineNo, message: header.ignoredBecause });
  return section;
}

interface HeaderInfo {
  kind: IniSection['kind'];
  name: string;
  /** The section is read, but something about its header needs fixing. */
  problem?: string;
  /** The section is not a profile and the user probably meant it to be one. */
  ignoredBecause?: string;
}

function classifyHeader(inner: string, flavour: IniFlavour): HeaderInfo {
  const text = inner.trim();
  const words = text.split(/\s+/);
  if (flavour === 'credentials') {
    if (words.length > 1) {
      const hint =
        words[0] === 'profile'
          ? `in the credentials file a profile is written [${words.slice(1).join(' ')}], not [${text}]`
          : 'profile names cannot contain spaces';
      return { kind: 'other', name: text, ignoredBecause: `section [${clip(text)}] was ignored: ${hint}` };
    }
    return {
      kind: text === 'default' ? 'default' : 'profile',
      name: text,
      // The SDK takes a credentials header without spaces verbatim, so only surrounding spaces break it.
      problem:
        text === ''
          ? 'the section has no name'
          : inner === text
            ? undefined
            : `the AWS SDK does not read this header; write it as [${text}]`,
    };
  }

  if (text === 'default') {
    return {
      kind: 'default',
      name: 'default',
      problem: inner === text ? undefined : 'the AWS SDK does not read this header; write it as [default]',
    };
  }
  const prefix = words[0] ?? '';
  const kind = CONFIG_PREFIXES[prefix];
  // `[profile ]` or `[profile]`: the prefix with no name, not a profile called "profile".
  if (words.length === 1 && kind) return { kind, name: '', problem: `the section has no name; write [${prefix} NAME]` };
  if (words.length === 1 || !kind) {
    const ignoredBecause =
      words.length === 1 && !KNOWN_NON_PROFILE_SECTIONS.has(text)
        ? `section [${clip(text)}] was ignored: profiles in the config file are written [profile ${clip(text)}]`
        : words.length > 1
          ? `section [${clip(text)}] was ignored: only [default], [profile NAME], [sso-session NAME] and [services NAME] are read`
          : undefined;
    return { kind: 'other', name: text, ignoredBecause };
  }
  const name = unquote(text.slice(prefix.length).trim());
  if (name === '') return { kind, name, problem: 'the section has no name' };
  const problem =
    nameProblem(name) ??
    (SDK_PREFIXED_HEADER.test(inner)
      ? undefined
      : `the AWS SDK does not read this header; write it as [${prefix} ${name}]`);
  return { kind, name, problem };
}

function nameProblem(name: string): string | undefined {
  if (name === '') return 'the section has no name';
  return SDK_NAME.test(name)
    ? undefined
    : `the name "${clip(name)}" has characters the AWS SDK does not accept (use letters, digits and _-@+.%:/)`;
}

function unquote(text: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(text);
  return quoted ? (quoted[2] ?? '') : text;
}

function reportDefaultClash(file: ParsedIniFile): void {
  const plain = file.sections.find((s) => s.kind === 'default');
  const prefixed = file.sections.find((s) => s.kind === 'profile' && s.name === 'default');
  if (plain && prefixed) {
    file.problems.push({
      line: Math.max(plain.line, prefixed.line),
      message: `[default] (line ${plain.line}) and [profile default] (line ${prefixed.line}) both define the default profile; the AWS SDK uses [profile default] and ignores [default]`,
    });
  }
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Section and key names come from user files, so `__proto__` must stay an ordinary key. */
function nullRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
