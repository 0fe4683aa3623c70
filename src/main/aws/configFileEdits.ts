import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Edits of the user's shared config file that keep everything else in it as
 * it was: comments, order, spacing and line endings. Trellis only ever adds a
 * whole `[profile NAME]` section or removes one it added, so these work on
 * lines and never rewrite what they did not write.
 */

export type ProfileValues = Record<string, string>;

/** The `[profile NAME]` header lines for `name`, however spaced or quoted (as the SDK reads them). */
function headerLines(lines: readonly string[], name: string): number[] {
  const out: number[] = [];
  lines.forEach((line, index) => {
    const match = /^\s*\[\s*profile\s+(["']?)(.+?)\1\s*\]\s*(?:[#;].*)?$/.exec(line);
    if (match?.[2] === name) out.push(index);
  });
  return out;
}

function lineEnding(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

/** The section text Trellis writes: the header, then one `key = value` line per setting, in the order given. */
export function profileSectionLines(name: string, values: ProfileValues): string[] {
  return [`[profile ${name}]`, ...Object.entries(values).map(([key, value]) => `${key} = ${value}`)];
}

/** The file with the section appended after one blank line; the caller has checked that the name is free. */
export function appendProfileSection(text: string, name: string, values: ProfileValues): string {
  const eol = lineEnding(text);
  const body = profileSectionLines(name, values).join(eol) + eol;
  if (text.trim() === '') return body;
  const trimmed = text.replace(/(\r\n|\n|\r)*$/, '');
  return `${trimmed}${eol}${eol}${body}`;
}

export type SectionRemoval = { ok: true; text: string } | { ok: false; reason: string };

/**
 * The file without the named profile's section: its header through the line
 * before the next section header, and the blank lines that separated it from
 * the one before. Refused when the name has more than one header, since the
 * user's own intent for the second is unknown.
 */
export function removeProfileSection(text: string, name: string): SectionRemoval {
  const eol = lineEnding(text);
  const lines = text.split(/\r\n|\n|\r/);
  const headers = headerLines(lines, name);
  if (headers.length === 0) return { ok: false, reason: `the file has no [profile ${name}] section` };
  if (headers.length > 1) {
    return { ok: false, reason: `the file has ${headers.length} [profile ${name}] sections; edit it by hand` };
  }
  const start = headers[0] as number;
  let end = start + 1;
  while (end < lines.length && !/^\s*\[/.test(lines[end] ?? '')) end++;
  // Comments directly above the next header belong to it, not to the section removed.
  while (end > start + 1 && /^\s*[#;]/.test(lines[end - 1] ?? '') && end < lines.length) end--;
  let from = start;
  while (from > 0 && (lines[from - 1] ?? '').trim() === '') from--;
  const kept = [...lines.slice(0, from), ...lines.slice(end)];
  // A removal at the end leaves the file ending as it did before the section was added.
  const joined = kept.join(eol);
  return { ok: true, text: joined === '' ? '' : joined.replace(/(\r\n|\n|\r)*$/, '') + eol };
}

/** The file's text, or '' when it does not exist yet (the AWS CLI creates it the same way). */
export function readConfigText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (typeof err === 'object' && err !== null && 'code' in err && err.code === 'ENOENT') return '';
    throw err;
  }
}

/**
 * Replaces the file in one rename, so a crash leaves the old or the new file,
 * never half of one. A symlinked config (dotfile managers) is written through
 * to its target; the file keeps its mode, and a new one is private to the user.
 */
export function writeConfigText(path: string, text: string): void {
  let target = path;
  let mode = 0o600;
  try {
    target = realpathSync(path);
    mode = statSync(target).mode & 0o777;
  } catch {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  }
  const temp = join(dirname(target), `.${basename(target)}.trellis-${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(temp, text, { mode, flag: 'wx' });
    renameSync(temp, target);
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      // Nothing was left behind, or it cannot be removed either; the original error is what matters.
    }
    throw err;
  }
}
