/**
 * Credentials never cross IPC, checked on the contract itself: every
 * channel's output schema (its streamed pages and the error shape too) is
 * walked field by field. A field whose name says it carries a credential, or
 * a field open to anything (`z.unknown()`, `z.any()`, a record of unknown,
 * an object that lets unknown keys through), fails the test unless it is
 * listed below with the reason it is safe. A new channel or field is checked
 * the day it is added.
 */
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { appErrorSchema, channels, contract, progressContract } from '../../../src/shared/contract';

/** Names that carry a credential or a secret in AWS's and the SDKs' spellings. */
const CREDENTIAL_NAME =
  /secret.?access.?key|session.?token|security.?token|aws.?secret|password|passwd|passphrase|private.?key|client.?secret|refresh.?token|access.?token|^token$|^credentials?$|^secret(value)?$/i;

/**
 * Fields whose names look like credentials but carry none, by path
 * (`channel > field.path`, `[]` for array elements, `{}` for record values).
 * None today: the display fields that stand in for credentials are named for
 * what they hold (`accessKeyHint`, checked below; values as `«secret sha256:…»`
 * fingerprints inside plan steps).
 */
const ALLOWED_NAMES: Record<string, string> = {};

/** The outputs that carry a change plan or journal entry, as path prefixes. */
const PLAN_OUTPUTS = [
  'changes.plan > ',
  'changes.apply > entry.',
  'changes.rollback > entry.',
  'journal.list > [].',
  'journal.planUndo > ',
  'diagnostics.planFix > ',
] as const;

const STEP_INPUT =
  "a plan step's exact AWS request, shown in the preview and kept in the journal. Planners build it from typed intents " +
  'and replace every SecureString value and secret-named property with its fingerprint (changes/planners/ssmParameters.ts, ' +
  "beanstalkOptions.ts); no planner calls an API that takes or returns credentials (the access-key plans send a key's id " +
  'and status only); credentialsInResponses.test.ts and secretsScan.test.ts check the recorded values.';

/** Open fields (unknown, any, or open records), by path, with what they carry and why no credential can be in it. */
const ALLOWED_OPEN: Record<string, string> = Object.fromEntries(
  PLAN_OUTPUTS.map((prefix) => [`${prefix}steps[].input`, STEP_INPUT]),
);

/** Where an access key id may appear: it identifies a key, never signs with it, and only in these places. */
const KEY_ID_NAME = /access.?key.?id/i;
const ALLOWED_KEY_IDS: Record<string, string> = {
  'iam.listAccessKeys > [].accessKeyId': "the IAM view lists a user's keys by id, as the IAM console does",
  ...Object.fromEntries(
    PLAN_OUTPUTS.flatMap((prefix) => [
      [`${prefix}intent.accessKeyId`, 'the key a deactivate or delete plan (catalogue F14) acts on'],
      [`${prefix}intent.parts[].accessKeyId`, 'the same, inside a composite plan'],
    ]),
  ),
};

interface Field {
  path: string;
  /** The last key on the path, '' for array elements and record values. */
  name: string;
  kind: string;
  open: boolean;
  /** A string field's maximum length, when it has one. */
  maxLength?: number;
}

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: readonly z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  items?: readonly z.ZodType[];
  rest?: z.ZodType | null;
  in?: z.ZodType;
  out?: z.ZodType;
  getter?: () => z.ZodType;
  catchall?: z.ZodType;
};

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const isOpen = (schema: z.ZodType | undefined | null): boolean =>
  !!schema && ['unknown', 'any'].includes(defOf(schema).type);

/** Every field the schema can produce, depth first; lazy schemas are followed once. */
function fieldsOf(schema: z.ZodType, path: string, name: string, out: Field[], seen: Set<z.ZodType>): void {
  const def = defOf(schema);
  // zod's string schemas expose their .max() as maxLength (null without one).
  const max = (schema as unknown as { maxLength?: number | null }).maxLength;
  const at = (kind: string, open = false) =>
    out.push({ path, name, kind, open, ...(typeof max === 'number' ? { maxLength: max } : {}) });
  const walk = (s: z.ZodType | undefined | null, p: string, n: string): void => {
    if (s) fieldsOf(s, p, n, out, seen);
  };
  switch (def.type) {
    case 'object':
      at('object', isOpen(def.catchall));
      for (const [key, value] of Object.entries(def.shape ?? {})) walk(value, path ? `${path}.${key}` : key, key);
      if (def.catchall && !isOpen(def.catchall) && defOf(def.catchall).type !== 'never')
        walk(def.catchall, `${path}.{}`, '');
      return;
    case 'array':
    case 'set':
      return walk(def.element ?? def.valueType, `${path}[]`, '');
    case 'record':
    case 'map':
      at('record', isOpen(def.valueType));
      if (!isOpen(def.valueType)) walk(def.valueType, `${path}.{}`, '');
      return;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return walk(def.innerType, path, name);
    case 'union':
      for (const option of def.options ?? []) walk(option, path, name);
      return;
    case 'intersection':
      walk(def.left, path, name);
      return walk(def.right, path, name);
    case 'tuple':
      (def.items ?? []).forEach((item, i) => walk(item, `${path}[${i}]`, ''));
      return walk(def.rest, `${path}[]`, '');
    case 'pipe':
      return walk(def.out?.constructor.name === 'ZodTransform' ? def.in : def.out, path, name);
    case 'lazy':
      if (seen.has(schema)) return;
      seen.add(schema);
      return walk(def.getter?.(), path, name);
    case 'unknown':
    case 'any':
    case 'custom':
      at(def.type, true);
      return;
    default:
      at(def.type);
  }
}

/** Every output that crosses IPC: each channel's answer, each streamed page, and the error every channel may give. */
function outputs(): Array<[string, z.ZodType]> {
  const list: Array<[string, z.ZodType]> = channels.map((c) => [c, contract[c].output as z.ZodType]);
  for (const [channel, spec] of Object.entries(progressContract)) list.push([`${channel} (page)`, spec.page]);
  list.push(['(every channel) error', appErrorSchema]);
  return list;
}

function everyField(): Field[] {
  const all: Field[] = [];
  for (const [where, schema] of outputs()) {
    const fields: Field[] = [];
    fieldsOf(schema, '', '', fields, new Set());
    for (const f of fields) all.push({ ...f, path: `${where} > ${f.path || '(root)'}` });
  }
  return all;
}

describe('credentials in the IPC contract', () => {
  const fields = everyField();

  it('walks every channel output, page and error', () => {
    const walked = new Set(fields.map((f) => f.path.split(' > ')[0]));
    for (const channel of channels) expect(walked, channel).toContain(channel);
    // A walker that stopped at the root would find nothing to object to.
    expect(fields.length).toBeGreaterThan(channels.length * 3);
    console.log(
      `credentials contract: ${fields.length} fields over ${walked.size} outputs; ${Object.keys(ALLOWED_NAMES).length} credential-like names, ${Object.keys(ALLOWED_OPEN).length} open fields and ${Object.keys(ALLOWED_KEY_IDS).length} key-id fields allowed`,
    );
  });

  it('has no field named like a credential, except the listed display fields', () => {
    const named = fields.filter((f) => CREDENTIAL_NAME.test(f.name)).map((f) => f.path);
    expect([...new Set(named)].filter((p) => !(p in ALLOWED_NAMES))).toEqual([]);
    // An allowance that no longer matches a field is stale: remove it, so it cannot cover a new field by accident.
    expect(Object.keys(ALLOWED_NAMES).filter((p) => !named.includes(p))).toEqual([]);
  });

  it('has no open field (unknown, any, open record or object), except the listed ones', () => {
    const open = fields.filter((f) => f.open).map((f) => f.path);
    expect([...new Set(open)].filter((p) => !(p in ALLOWED_OPEN))).toEqual([]);
    expect(Object.keys(ALLOWED_OPEN).filter((p) => !open.includes(p))).toEqual([]);
  });

  it('names an access key id only where the contract means it, and hints at one by 4 characters at most', () => {
    const keyIds = fields.filter((f) => KEY_ID_NAME.test(f.name)).map((f) => f.path);
    expect([...new Set(keyIds)].filter((p) => !(p in ALLOWED_KEY_IDS))).toEqual([]);
    expect(Object.keys(ALLOWED_KEY_IDS).filter((p) => !keyIds.includes(p))).toEqual([]);
    const hints = fields.filter((f) => /key.?hint/i.test(f.name));
    expect(hints.length).toBeGreaterThan(0);
    expect(hints.filter((f) => f.kind !== 'string' || (f.maxLength ?? Infinity) > 4).map((f) => f.path)).toEqual([]);
  });

  it('catches a credential field and an open field when one is added', async () => {
    const { z: zod } = await import('zod');
    const leaky = zod.object({
      profile: zod.object({ name: zod.string(), SecretAccessKey: zod.string().optional() }),
      sessions: zod.array(zod.object({ aws_session_token: zod.string() })),
      extra: zod.record(zod.string(), zod.unknown()),
      loose: zod.looseObject({ id: zod.string() }),
      anything: zod.any().optional(),
    });
    const found: Field[] = [];
    fieldsOf(leaky, '', '', found, new Set());
    expect(found.filter((f) => CREDENTIAL_NAME.test(f.name)).map((f) => f.path)).toEqual([
      'profile.SecretAccessKey',
      'sessions[].aws_session_token',
    ]);
    expect(found.filter((f) => f.open).map((f) => f.path)).toEqual(['extra', 'loose', 'anything']);
  });
});
