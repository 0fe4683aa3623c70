/**
 * The forms a leaked secret takes in a file or a response, for the tests that
 * look for secrets (secretsScan, credentialsInResponses): as itself (UTF-8
 * and UTF-16, which Chromium's storage uses), base64-encoded at any byte
 * alignment inside a longer stream, and URL-encoded (either hex case); and a
 * scan of files for them.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export type SecretEncoding = 'plain' | 'base64' | 'url';

export interface SecretForm {
  encoding: SecretEncoding;
  bytes: Buffer;
}

/** The base64 text `bytes` produce wherever they sit in a longer encoded stream (each of the 3 alignments). */
export function base64Forms(bytes: Buffer): string[] {
  return [0, 1, 2].map((skew) => {
    const encoded = Buffer.concat([Buffer.alloc(skew), bytes]).toString('base64');
    // Only the characters decided by the secret's bytes alone: the first and last groups also hold neighbours.
    return encoded.slice(Math.ceil(skew / 3) * 4, Math.floor((skew + bytes.length) / 3) * 4);
  });
}

export function secretForms(secret: string): SecretForm[] {
  const utf8 = Buffer.from(secret, 'utf8');
  const url = encodeURIComponent(secret);
  return [
    { encoding: 'plain', bytes: utf8 },
    { encoding: 'plain', bytes: Buffer.from(secret, 'utf16le') },
    ...base64Forms(utf8).map((b) => ({ encoding: 'base64' as const, bytes: Buffer.from(b) })),
    { encoding: 'url', bytes: Buffer.from(url) },
    { encoding: 'url', bytes: Buffer.from(url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())) },
  ];
}

/** Every regular file under `dir`, recursively. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** A secret found in a file: where (relative to the scanned tree) and at what offset, named, never quoted. */
export interface SecretHit {
  file: string;
  offset: number;
  secret: string;
  encoding: SecretEncoding;
}

/** Each of `secrets` (by name) in each of its forms, looked for in every file; `root` names the files. */
export async function scanFiles(
  files: readonly string[],
  secrets: Readonly<Record<string, string>>,
  root: string,
): Promise<{ bytes: number; hits: SecretHit[] }> {
  const needles = Object.entries(secrets).flatMap(([name, secret]) =>
    secretForms(secret).map((form) => ({ name, ...form })),
  );
  let bytes = 0;
  const hits: SecretHit[] = [];
  for (const file of files) {
    const content = await readFile(file);
    bytes += content.length;
    for (const n of needles) {
      const offset = content.indexOf(n.bytes);
      if (offset >= 0) hits.push({ file: relative(root, file), offset, secret: n.name, encoding: n.encoding });
    }
  }
  return { bytes, hits };
}
