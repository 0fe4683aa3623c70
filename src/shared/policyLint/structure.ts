/**
 * The grammar of a policy document, as IAM enforces it before it looks at any
 * action: Version, Statement, Effect, exactly one of Action/NotAction, the
 * Principal and Resource rules of each policy kind, and element names spelt
 * as IAM spells them (a misspelt "Actions" is ignored by no one: IAM refuses it).
 */
import type { JsonNode } from '../search/jsonSyntax';
import { at, type PolicyDiagnostic, type PolicyKind, type StatementView } from './diagnostic';

const TOP_LEVEL = ['Version', 'Id', 'Statement'];
export const STATEMENT_ELEMENTS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
];
const VERSIONS = ['2012-10-17', '2008-10-17'];

const kindWords: Record<PolicyKind, string> = {
  identity: 'an identity policy',
  trust: 'a trust policy',
  resource: 'a resource policy',
};

/** The statements of a document, as the rules read them; non-object statements are reported and skipped. */
export function statementViews(root: JsonNode): { views: StatementView[]; problems: PolicyDiagnostic[] } {
  const problems: PolicyDiagnostic[] = [];
  if (root.kind !== 'object') return { views: [], problems };
  const statement = root.members.find((m) => m.key === 'Statement')?.value;
  const list = !statement ? [] : statement.kind === 'array' ? statement.items : [statement];
  const views: StatementView[] = [];
  list.forEach((node, i) => {
    if (node.kind !== 'object') {
      problems.push(at(node, 'error', 'structure', `Statement ${i + 1} must be an object ({ … }).`));
      return;
    }
    const sid = node.members.find((m) => m.key === 'Sid')?.value;
    const label = `Statement ${i + 1}${sid?.kind === 'string' && sid.value !== '' ? ` (${sid.value})` : ''}`;
    views.push({ node, index: i, label, member: (key) => node.members.find((m) => m.key === key) });
  });
  return { views, problems };
}

function isStringOrStrings(node: JsonNode): boolean {
  return (
    node.kind === 'string' ||
    (node.kind === 'array' && node.items.length > 0 && node.items.every((i) => i.kind === 'string'))
  );
}

function unknownElement(key: string, allowed: string[]): string {
  const sameButCase = allowed.find((a) => a.toLowerCase() === key.toLowerCase());
  const plural = allowed.find((a) => `${a.toLowerCase()}s` === key.toLowerCase());
  const hint = sameButCase ?? plural;
  return hint
    ? ` Did you mean "${hint}"? IAM element names are case-sensitive.`
    : ` Expected one of ${allowed.join(', ')}.`;
}

function documentProblems(root: JsonNode): PolicyDiagnostic[] {
  if (root.kind !== 'object') return [at(root, 'error', 'structure', 'The policy must be a JSON object ({ … }).')];
  const out: PolicyDiagnostic[] = [];
  for (const m of root.members) {
    if (!TOP_LEVEL.includes(m.key)) {
      out.push(
        at(m.keySpan, 'error', 'structure', `Unknown top-level element "${m.key}".${unknownElement(m.key, TOP_LEVEL)}`),
      );
    }
  }
  const version = root.members.find((m) => m.key === 'Version');
  if (!version) {
    out.push(
      at(
        { from: root.from, to: root.from + 1 },
        'warning',
        'structure',
        'No "Version": IAM then reads policy variables such as ${aws:username} literally. Add "Version": "2012-10-17".',
      ),
    );
  } else if (version.value.kind !== 'string' || !VERSIONS.includes(version.value.value)) {
    out.push(at(version.value, 'error', 'structure', 'Version must be "2012-10-17" (or the older "2008-10-17").'));
  }
  const statement = root.members.find((m) => m.key === 'Statement');
  if (!statement)
    out.push(at({ from: root.from, to: root.from + 1 }, 'error', 'structure', 'The policy has no "Statement".'));
  else if (statement.value.kind !== 'object' && statement.value.kind !== 'array') {
    out.push(at(statement.value, 'error', 'structure', 'Statement must be an object or a list of objects.'));
  } else if (statement.value.kind === 'array' && statement.value.items.length === 0) {
    out.push(at(statement.value, 'error', 'structure', 'Statement is empty: the policy grants and denies nothing.'));
  }
  return out;
}

function pairProblem(s: StatementView, a: string, b: string, required: boolean): PolicyDiagnostic | undefined {
  const one = s.member(a);
  const other = s.member(b);
  if (one && other) return at(other.keySpan, 'error', 'structure', `${s.label}: use either ${a} or ${b}, not both.`);
  const present = one ?? other;
  if (!present) {
    return required
      ? at({ from: s.node.from, to: s.node.from + 1 }, 'error', 'structure', `${s.label}: needs ${a} (or ${b}).`)
      : undefined;
  }
  if ((a === 'Action' || a === 'Resource') && !isStringOrStrings(present.value)) {
    return at(
      present.value,
      'error',
      'structure',
      `${s.label}: ${present.key} must be a string or a non-empty list of strings.`,
    );
  }
  return undefined;
}

function statementProblems(s: StatementView, kind: PolicyKind): PolicyDiagnostic[] {
  const out: PolicyDiagnostic[] = [];
  for (const m of s.node.members) {
    if (!STATEMENT_ELEMENTS.includes(m.key)) {
      out.push(
        at(
          m.keySpan,
          'error',
          'structure',
          `${s.label}: unknown element "${m.key}".${unknownElement(m.key, STATEMENT_ELEMENTS)}`,
        ),
      );
    }
  }
  const effect = s.member('Effect');
  if (!effect) {
    out.push(
      at(
        { from: s.node.from, to: s.node.from + 1 },
        'error',
        'structure',
        `${s.label}: Effect is missing; it must be "Allow" or "Deny".`,
      ),
    );
  } else if (effect.value.kind !== 'string' || (effect.value.value !== 'Allow' && effect.value.value !== 'Deny')) {
    out.push(at(effect.value, 'error', 'structure', `${s.label}: Effect must be "Allow" or "Deny".`));
  }
  const actions = pairProblem(s, 'Action', 'NotAction', true);
  if (actions) out.push(actions);
  const principal = s.member('Principal') ?? s.member('NotPrincipal');
  if (kind === 'identity' && principal) {
    out.push(
      at(
        principal.keySpan,
        'error',
        'structure',
        `${s.label}: ${principal.key} has no place in ${kindWords[kind]}; the policy applies to whoever it is attached to.`,
      ),
    );
  }
  if (kind !== 'identity') {
    const p = pairProblem(s, 'Principal', 'NotPrincipal', true);
    if (p) out.push(p);
  }
  const resource = s.member('Resource') ?? s.member('NotResource');
  if (kind === 'trust' && resource) {
    out.push(
      at(
        resource.keySpan,
        'error',
        'structure',
        `${s.label}: ${resource.key} has no place in ${kindWords[kind]}; the resource is the role itself.`,
      ),
    );
  } else if (kind !== 'trust') {
    const r = pairProblem(s, 'Resource', 'NotResource', true);
    if (r) out.push(r);
  }
  const condition = s.member('Condition');
  if (condition && condition.value.kind !== 'object') {
    out.push(at(condition.value, 'error', 'structure', `${s.label}: Condition must be an object of operators.`));
  }
  return out;
}

/** IAM accepts tab, line feed, carriage return and U+0020–U+00FF in a policy document, nothing else. */
function characterProblems(text: string): PolicyDiagnostic[] {
  const bad = /[^\t\n\r\u0020-\u00ff]/.exec(text);
  if (!bad) return [];
  const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return [
    at(
      { from: bad.index, to: bad.index + bad[0].length },
      'error',
      'characters',
      `IAM accepts only Latin-1 characters in a policy; "${bad[0]}" (U+${code}) is not one. Replace it (curly quotes and non-breaking spaces often come from copying).`,
    ),
  ];
}

export function structureProblems(text: string, root: JsonNode, kind: PolicyKind): PolicyDiagnostic[] {
  const { views, problems } = statementViews(root);
  return [
    ...characterProblems(text),
    ...documentProblems(root),
    ...problems,
    ...views.flatMap((s) => statementProblems(s, kind)),
  ];
}
