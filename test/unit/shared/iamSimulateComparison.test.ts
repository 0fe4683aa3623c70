/**
 * The evaluator (src/shared/iam) against an independent implementation,
 * @cloud-copilot/iam-simulate, on 600 generated (policy, request, context)
 * cases: identity policies, permissions boundaries, resource policies (bucket,
 * queue, domain, role trust, KMS key) in and across accounts, NotAction,
 * NotResource, NotPrincipal, every condition operator family with IfExists,
 * ForAnyValue/ForAllValues and Null, and policy variables with their escapes.
 *
 * Every disagreement is listed below with the reason, and the test fails if
 * one appears or disappears: a new one is a bug on one side to look into, a
 * vanished one means the list is stale.
 */
import { describe, expect, it } from 'vitest';
import { generateCases, type PolicyCase } from './support/policyCases';
import { compare, type Outcome } from './support/independentSimulator';

const SEED = 20260311;
const COUNT = 600;

/**
 * iam-simulate ignores `IfExists` after ForAnyValue: it reads
 * `ForAnyValue:StringEqualsIfExists` on a missing key as false. AWS's
 * reference for the ...IfExists operators says a missing key makes the
 * condition true, whatever the operator; we follow the reference.
 */
const FOR_ANY_VALUE_IF_EXISTS = 'ForAnyValue:…IfExists on a missing multivalued key: AWS says true, iam-simulate false';
/**
 * iam-simulate compares an epoch date (`1798761600`) as seconds with ISO
 * dates parsed to milliseconds, so every epoch value reads as 1970. AWS's Date
 * operators take either form for the same instant; we convert epoch seconds.
 */
const EPOCH_DATES = 'Date operator with an epoch-seconds value: iam-simulate compares seconds with milliseconds';
/**
 * iam-simulate builds the IPv4 mask with `-1 << (32 - prefix)`; JavaScript
 * shifts by 32 mod 32, so `0.0.0.0/0` contains only 0.0.0.0. AWS's /0
 * contains every IPv4 address (F13 relies on that reading of open policies).
 */
const SLASH_ZERO = 'IpAddress/NotIpAddress with 0.0.0.0/0: iam-simulate’s /0 mask contains nothing';

const DISAGREEMENTS: Readonly<Record<string, string>> = {
  'case-174': FOR_ANY_VALUE_IF_EXISTS,
  'case-257': EPOCH_DATES,
  'case-296': FOR_ANY_VALUE_IF_EXISTS,
  'case-366': SLASH_ZERO,
  'case-468': SLASH_ZERO,
  'case-580': FOR_ANY_VALUE_IF_EXISTS,
};

const cases = generateCases(SEED, COUNT);

function describeCase(c: PolicyCase, outcome: Outcome): string {
  return `${c.id}: ours ${outcome.ours}, iam-simulate ${outcome.theirs} (${c.action} on ${c.resource} by ${c.principal.arn})`;
}

/** Every condition operator name the generated policies use, with qualifiers. */
function operatorsUsed(): Set<string> {
  const names = new Set<string>();
  const visit = (statements: readonly Record<string, unknown>[]) => {
    for (const statement of statements) {
      const condition = statement['Condition'];
      if (condition && typeof condition === 'object') for (const name of Object.keys(condition)) names.add(name);
    }
  };
  for (const c of cases) {
    c.identity.forEach((p) => visit(p.policy.Statement));
    if (c.boundary) visit(c.boundary.Statement);
    if (c.resourcePolicy) visit(c.resourcePolicy.Statement);
  }
  return names;
}

describe('the shared evaluator against @cloud-copilot/iam-simulate', () => {
  it('generates the same cases from the same seed, covering every operator, qualifier and element', () => {
    expect(generateCases(SEED, COUNT)).toEqual(cases);
    const used = [...operatorsUsed()];
    const bases = new Set(used.map((name) => name.replace(/^For(Any|All)Value:/, '').replace(/IfExists$/, '')));
    for (const family of ['String', 'Numeric', 'Date', 'Arn']) {
      expect([...bases].filter((name) => name.startsWith(family)).length).toBeGreaterThanOrEqual(4);
    }
    for (const name of ['Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'Null']) expect(bases).toContain(name);
    expect(used.some((name) => name.startsWith('ForAnyValue:'))).toBe(true);
    expect(used.some((name) => name.startsWith('ForAllValues:'))).toBe(true);
    expect(used.some((name) => name.endsWith('IfExists'))).toBe(true);
    const text = JSON.stringify(cases);
    for (const element of [
      '"NotAction"',
      '"NotResource"',
      '"NotPrincipal"',
      '${aws:username}',
      '${aws:PrincipalTag/team}',
      '${*}',
      '${?}',
    ]) {
      expect(text.includes(element), element).toBe(true);
    }
    expect(cases.filter((c) => c.boundary).length).toBeGreaterThan(50);
    expect(cases.filter((c) => c.resourcePolicy).length).toBeGreaterThan(100);
    expect(cases.filter((c) => c.principal.accountId !== c.resourceAccount).length).toBeGreaterThan(20);
    expect(cases.filter((c) => Array.isArray(c.context['aws:TagKeys'])).length).toBeGreaterThan(100);
    expect(cases.filter((c) => String(c.context['aws:SourceIp'] ?? '').includes(':')).length).toBeGreaterThan(50);
  });

  it(`agrees on all ${COUNT} decisions but the listed, justified disagreements`, async () => {
    const disagreements: string[] = [];
    const problems: string[] = [];
    const decisions = { allowed: 0, explicitDeny: 0, implicitDeny: 0 };
    for (const c of cases) {
      const outcome = await compare(c);
      decisions[outcome.ours] += 1;
      if (outcome.problems.length > 0) problems.push(`${c.id}: ${outcome.problems.join('; ')}`);
      if (outcome.ours !== outcome.theirs) disagreements.push(describeCase(c, outcome));
    }
    // Invalid cases (their validation errors, dropped context keys) would make the comparison meaningless.
    expect(problems).toEqual([]);
    // Each decision is well represented, so agreement is not agreement on "implicitDeny" alone.
    expect(Math.min(...Object.values(decisions))).toBeGreaterThan(80);
    const ids = disagreements.map((line) => line.slice(0, line.indexOf(':')));
    expect(ids, disagreements.join('\n')).toEqual(Object.keys(DISAGREEMENTS));
  }, 120_000);
});
