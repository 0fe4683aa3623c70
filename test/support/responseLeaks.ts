/**
 * Looking through recorded IPC responses for credentials, for
 * credentialsInResponses.test.ts: every secret access key, session token and
 * bearer token the test knows, in each form it could take (plain, base64 at
 * any alignment, URL-encoded), and access key ids outside the places the
 * contract means them.
 */
import { secretForms } from './secretForms';

/** A key whose secret (and session token) must never be in a response; its id only where allowed. */
export interface KnownKey {
  owner: string;
  /** Absent for bearer secrets (SSO access and refresh tokens, the OIDC client secret). */
  accessKeyId?: string;
  secret: string;
  sessionToken?: string;
}

/** One answer main gave, as the renderer received it. */
export interface Recorded {
  channel: string;
  profile: string;
  /** 'answer', 'page' or 'error'. */
  kind: string;
  body: unknown;
}

/** Every string in a response with its JSON path. */
function stringsOf(value: unknown, path: string, out: Array<[string, string]>): Array<[string, string]> {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v) => stringsOf(v, `${path}[]`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) stringsOf(v, path ? `${path}.${k}` : k, out);
  return out;
}

/**
 * Where an access key id may appear, by channel and path (`[]` for array elements): a key's own listing in the
 * IAM view, a plan that acts on a key (its intent, its AWS request, its CLI and summary text), and the Doctor's
 * check of unused keys (catalogue F14), which names the key it judges.
 */
const KEY_ID_ALLOWED: Array<[string, RegExp]> = [
  ['iam.listAccessKeys', /^data\[\]\.accessKeyId$/],
  [
    'changes.plan',
    /^data\.(intent\.accessKeyId|steps\[\]\.input\.AccessKeyId|cli\[\]|title|summary|steps\[\]\.summary|diff\[\]\.\w+|risk\.note|undo\.[\w.[\]]+)$/,
  ],
  [
    'diagnostics.scan',
    /^data\.(checks|findings)\[\]\.(id|subject\.name|detail|summary|resource\.\w+|evidence\[\]\.\w+)$/,
  ],
];

/** Each secret, session token and disallowed key id found in `responses`, named by response and path; and where key ids were. */
export function inspect(
  responses: readonly Recorded[],
  keys: readonly KnownKey[],
): { hits: string[]; keyIdsSeen: string[] } {
  const secrets = keys.flatMap((k) => [
    [`${k.owner} secret`, k.secret],
    ...(k.sessionToken ? [[`${k.owner} session token`, k.sessionToken]] : []),
  ]);
  // Responses travel as JSON text, so the plain form's UTF-16 twin is left out.
  const needles = secrets.flatMap(([what, text]) =>
    secretForms(text!)
      .filter((f, i) => f.encoding !== 'plain' || i === 0)
      .map((f) => [f.encoding === 'plain' ? what : `${what} (${f.encoding})`, f.bytes.toString()])
      // A secret with nothing to escape is its own URL form: look for it once.
      .filter(([, needle], i, all) => all.findIndex(([, other]) => other === needle) === i),
  );
  const hits: string[] = [];
  const keyIdsSeen: string[] = [];
  responses.forEach((r, i) => {
    const text = JSON.stringify(r.body);
    for (const [what, needle] of needles)
      if (text.includes(needle!)) hits.push(`#${i} ${r.channel} (${r.profile}, ${r.kind}): ${what}`);
    for (const [path, value] of stringsOf(r.body, '', [])) {
      for (const k of keys) {
        if (!k.accessKeyId || !value.includes(k.accessKeyId)) continue;
        const allowed = KEY_ID_ALLOWED.some(([channel, re]) => channel === r.channel && re.test(path));
        keyIdsSeen.push(`${r.channel} ${path}`);
        if (!allowed) hits.push(`#${i} ${r.channel} (${r.profile}, ${r.kind}) ${path}: ${k.owner} access key id`);
      }
    }
  });
  return { hits, keyIdsSeen };
}
