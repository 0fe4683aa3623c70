/**
 * Hostile values and mutations for fuzzing the IPC surface: a valid-shaped input
 * (from zodArbitrary) with one thing broken, chosen from the ways a compromised
 * or buggy renderer could call main. Big values are built once and shared.
 */
import fc from 'fast-check';

export type MutationKind =
  'drop-field' | 'replace' | 'domain-value' | 'extra-field' | 'pollution-key' | 'whole-input' | 'random';

export interface FuzzCase {
  input: unknown;
  kind: MutationKind;
  /** Where the input was broken; empty for the whole input. */
  path: (string | number)[];
  /** The key added, for extra-field and pollution-key cases. */
  addedKey?: string;
  /** A short description for failure messages (never the 1 MiB value itself). */
  label: string;
}

const MiB = 1024 * 1024;
const hugeString = 'a'.repeat(MiB);
const hugeUnicode = '\u202e\u200b\ud83d\ude00'.repeat(MiB / 4);
const deepArray: unknown = JSON.parse('['.repeat(10_000) + ']'.repeat(10_000));
const deepObject: unknown = JSON.parse('{"a":'.repeat(10_000) + '{}' + '}'.repeat(10_000));

function polluting(): unknown[] {
  return [
    JSON.parse('{"__proto__":{"polluted":"yes"}}'),
    JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}'),
    JSON.parse('{"prototype":{"polluted":"yes"}}'),
    JSON.parse('[{"__proto__":{"polluted":"yes"}}]'),
  ];
}

/** Values of the wrong type, or of the right type but absurd, for any field. */
export const hostileValues: readonly { label: string; value: unknown }[] = [
  ...[0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 53 + 2, true, false].map((value) => ({
    label: `number/boolean ${String(value)}`,
    value,
  })),
  { label: 'null', value: null },
  { label: 'undefined', value: undefined },
  { label: 'empty string', value: '' },
  { label: 'empty array', value: [] },
  { label: 'empty object', value: {} },
  { label: 'nested arrays', value: [[[]]] },
  { label: '1 MiB string', value: hugeString },
  { label: '1 MiB of RTL, zero-width and emoji', value: hugeUnicode },
  { label: 'array of 100k items', value: Array.from({ length: 100_000 }, () => 'x') },
  { label: '10k-deep array', value: deepArray },
  { label: '10k-deep object', value: deepObject },
  { label: 'lone high surrogate', value: '\ud800' },
  { label: 'lone low surrogate', value: 'a\udfffb' },
  { label: 'RTL override', value: 'evil\u202eexe.txt' },
  { label: 'zero-width joiners', value: '\u200b\u200c\u200d\ufeff' },
  { label: 'NUL and newline', value: 'x\u0000y\n[profile evil]' },
  { label: 'combining marks', value: 'e\u0301\u0301\u0301\u0301' },
  { label: 'date object', value: new Date(0) },
  { label: 'bigint', value: 10n },
  { label: 'typed array', value: new Uint8Array([1, 2, 3]) },
  { label: 'map', value: new Map([['a', 1]]) },
  { label: 'set', value: new Set([1]) },
  ...polluting().map((value, i) => ({ label: `pollution object ${i}`, value })),
];

const badPolicies = [
  '{',
  '{"Version": "2012-10-17",}',
  '[]',
  'null',
  '{"Version":"2012-10-17"}',
  encodeURIComponent('{"Version":"2012-10-17","Statement":[]}'),
  encodeURIComponent(encodeURIComponent('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*"}]}')),
  JSON.stringify({
    Version: '2012-10-17',
    Statement: Array.from({ length: 400 }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: '*',
    })),
  }),
  '{"Statement":' + '['.repeat(5_000) + ']'.repeat(5_000) + '}',
];

/** Values that are the right type but wrong for the domain, picked by the field's name. */
const domainValues: readonly { field: RegExp; values: readonly unknown[] }[] = [
  {
    field: /arn$/i,
    values: [
      'arn:',
      'arn:aws:iam::12345:policy/x',
      'arn:aws:iam::123456789012:',
      'arn:aws:iam::123456789012:policy/',
      'ARN:aws:iam::aws:policy/ReadOnlyAccess',
      `arn:aws:iam::aws:policy/${'x'.repeat(3000)}`,
      'arn:aws:iam::123456789012:policy/a b',
      'arn:aws:s3:::bucket',
      'arn:aws:iam::aws:policy/\u0000',
    ],
  },
  { field: /port$/i, values: [-1, 0, 65536, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '80', 1e20] },
  {
    field: /^cidr$/,
    values: ['10.0.0.0/33', '300.1.1.1/8', '10.0.0.1/24', '::/129', '1.2.3.4', 'not-a-cidr', '10.0.0.0/-1', hugeString],
  },
  {
    field: /^(name|names|path)$/,
    values: ['bad name', '/a'.repeat(1025), '/aws/reserved', 'ssm-reserved', '//double', '/a\u0000b', 'ü', hugeString],
  },
  { field: /^(document|policy)$/, values: badPolicies },
  {
    field: /^(namespace|optionName)$/,
    values: ['', 'aws', 'not-aws:x', 'aws:elasticbeanstalk:application:environment\n', 'x'.repeat(300), '../../etc'],
  },
  { field: /^region$/, values: ['nowhere', 'us-east-1 ', 'US-EAST-1', 'us-east-1\u0000'] },
  { field: /^profile|Profile$/, values: ['[evil]', 'a\nb', ' padded', '', 'x'.repeat(200)] },
  { field: /Id$/, values: ['not-a-uuid', 'sg-XYZ', '123', '../../../../etc/passwd'] },
  { field: /since|Date$/, values: ['not a date', '2024-13-45T99:99:99Z', hugeString, '-271821-04-19T00:00:00.000Z'] },
];

const extraKeys = ['extra', '', '__proto__', 'constructor', 'prototype', '\ud800', 'toString', 'x'.repeat(300)];

interface Node {
  path: (string | number)[];
  value: unknown;
}

function nodesOf(value: unknown, path: (string | number)[] = [], out: Node[] = []): Node[] {
  out.push({ path, value });
  if (Array.isArray(value)) value.forEach((v, i) => nodesOf(v, [...path, i], out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) nodesOf(v, [...path, k], out);
  }
  return out;
}

/** A deep copy with the node at `path` changed by `edit`; the root is replaced when the path is empty. */
function edited(
  base: unknown,
  path: (string | number)[],
  edit: (parent: Record<string | number, unknown>, key: string | number) => void,
): unknown {
  if (path.length === 0) return base;
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  edit(parent, path[path.length - 1] as string | number);
  return copy;
}

function describePath(path: (string | number)[]): string {
  return path.length ? path.join('.') : '(whole input)';
}

/** Counterexamples print as their label: a 1 MiB value in a failure report hides the failure. */
function labelled(c: FuzzCase): FuzzCase {
  return Object.defineProperty(c, fc.toStringMethod, { value: () => `${c.kind}: ${c.label}`, enumerable: false });
}

/** One broken variant of `base`: every kind of mutation, at any node. */
export function mutationsOf(base: unknown): fc.Arbitrary<FuzzCase> {
  return mutationArbitrary(base).map(labelled);
}

function mutationArbitrary(base: unknown): fc.Arbitrary<FuzzCase> {
  const nodes = nodesOf(base);
  const fields = nodes.filter((n) => n.path.length > 0);
  const objects = nodes.filter((n) => n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value));
  const pick = <T>(list: readonly T[]) => fc.constantFrom(...list);
  const options: fc.Arbitrary<FuzzCase>[] = [
    pick(hostileValues).map(({ label, value }) => ({
      input: value,
      kind: 'whole-input' as const,
      path: [],
      label: `whole input is ${label}`,
    })),
  ];
  const keyed = fields.filter((n) => typeof n.path[n.path.length - 1] === 'string');
  if (keyed.length) {
    options.push(
      pick(keyed).map((n) => ({
        input: edited(base, n.path, (p, k) => delete p[k]),
        kind: 'drop-field' as const,
        path: n.path,
        label: `drop ${describePath(n.path)}`,
      })),
    );
  }
  if (fields.length) {
    options.push(
      fc.tuple(pick(fields), pick(hostileValues)).map(([n, h]) => ({
        input: edited(base, n.path, (p, k) => (p[k] = h.value)),
        kind: 'replace' as const,
        path: n.path,
        label: `${describePath(n.path)} = ${h.label}`,
      })),
    );
    const domainTargets = fields.flatMap((n) => {
      const key = [...n.path].reverse().find((k): k is string => typeof k === 'string') ?? '';
      const rule = domainValues.find((d) => d.field.test(key));
      return rule ? [{ node: n, values: rule.values }] : [];
    });
    if (domainTargets.length) {
      options.push(
        pick(domainTargets).chain(({ node, values }) =>
          pick(values).map((v) => ({
            input: edited(base, node.path, (p, k) => (p[k] = v)),
            kind: 'domain-value' as const,
            path: node.path,
            label: `${describePath(node.path)} = ${typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}… (${v.length} chars)` : JSON.stringify(v)}`,
          })),
        ),
      );
    }
  }
  if (objects.length) {
    options.push(
      fc.tuple(pick(objects), pick(extraKeys), pick(hostileValues)).map(([n, key, h]) => {
        const add = (o: Record<string, unknown>) =>
          Object.defineProperty(o, key, { value: h.value, enumerable: true, configurable: true, writable: true });
        const input =
          n.path.length === 0
            ? add({ ...(structuredClone(base) as object) })
            : edited(base, n.path, (p, k) => add(p[k] as Record<string, unknown>));
        return {
          input,
          kind: 'extra-field' as const,
          path: n.path,
          addedKey: key,
          label: `${describePath(n.path)} gains key ${JSON.stringify(key.slice(0, 20))} = ${h.label}`,
        };
      }),
      // JSON.parse is how a `__proto__` key really arrives: as an own property, not a prototype.
      pick(objects).map((n) => {
        const text = JSON.stringify(n.value);
        const injected = JSON.parse(
          `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}${text === '{}' ? '}' : `,${text.slice(1)}`}`,
        ) as unknown;
        return {
          input: n.path.length === 0 ? injected : edited(base, n.path, (p, k) => (p[k] = injected)),
          kind: 'pollution-key' as const,
          path: n.path,
          addedKey: '__proto__',
          label: `${describePath(n.path)} gains __proto__ and constructor.prototype (JSON.parse)`,
        };
      }),
    );
  }
  return fc.oneof(...options);
}

/** Anything at all that survives structured clone, the way a renderer could send it. */
export const randomInputs: fc.Arbitrary<FuzzCase> = fc
  .oneof(
    fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withNullPrototype: true,
      withSparseArray: true,
      withBoxedValues: true,
    }),
    fc.jsonValue({ maxDepth: 4 }),
    fc.dictionary(
      fc.constantFrom('target', 'profile', 'region', 'name', 'intent', 'kind', '__proto__'),
      fc.jsonValue({ maxDepth: 2 }),
    ),
  )
  .map((input) =>
    labelled({ input, kind: 'random', path: [], label: `random value ${fc.stringify(input).slice(0, 200)}` }),
  );
