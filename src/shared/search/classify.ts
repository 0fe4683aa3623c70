/**
 * Who an access-policy statement lets in, in words: open to anyone, open to
 * some IP ranges, to named IAM principals, or to the whole account. Whether
 * "anyone" really means the internet depends on the domain: behind a VPC or
 * fine-grained access control, an open policy is the normal setup.
 */
import { isObject, parseJson, statementsOf, stringList } from './policyText';

export type StatementClass =
  'public' | 'ip-restricted' | 'iam-principals' | 'account-wide' | 'open-but-guarded' | 'conditional' | 'deny';

export interface SourceRange {
  cidr: string;
  /** NotIpAddress: the statement applies from everywhere except here. */
  negated: boolean;
  /** 0.0.0.0/0 or ::/0, which restricts nothing. */
  open: boolean;
}

export interface ConditionEntry {
  operator: string;
  key: string;
  values: string[];
}

export interface ClassifiedStatement {
  index: number;
  sid?: string;
  effect: string;
  principals: string[];
  actions: string[];
  /** True when the statement lists NotAction (everything except `actions`). */
  notAction: boolean;
  resources: string[];
  conditions: ConditionEntry[];
  sourceRanges: SourceRange[];
  classification: StatementClass;
  /** One sentence saying why, for the badge's neighbour. */
  explanation: string;
}

export interface DomainExposure {
  /** The domain is only reachable inside its VPC. */
  vpc: boolean;
  /** Fine-grained access control authenticates every request. */
  fineGrained: boolean;
}

export const classificationLabels: Readonly<Record<StatementClass, string>> = {
  public: 'Public',
  'ip-restricted': 'IP-restricted',
  'iam-principals': 'IAM principals',
  'account-wide': 'Account-wide',
  'open-but-guarded': 'Open, but guarded',
  conditional: 'Conditional',
  deny: 'Deny',
};

const OPEN_CIDRS = new Set(['0.0.0.0/0', '::/0']);
const SOURCE_IP_OPERATORS = new Set(['IpAddress', 'NotIpAddress']);
const ACCOUNT_ROOT = /^arn:aws[a-z-]*:iam::\d{12}:root$/;
const ACCOUNT_ID = /^\d{12}$/;

/** Principal values flattened: `"*"`, `{"AWS": "*"}`, `{"AWS": [...]}`, `{"Service": ...}` all become strings. */
function principalsOf(statement: Record<string, unknown>): string[] {
  const principal = statement['Principal'] ?? statement['NotPrincipal'];
  // A statement without a principal cannot be narrowed by one; treat it as anyone.
  if (principal === undefined) return ['*'];
  if (typeof principal === 'string') return [principal];
  if (!isObject(principal)) return [];
  return Object.values(principal).flatMap(stringList);
}

function conditionsOf(statement: Record<string, unknown>): ConditionEntry[] {
  const condition = statement['Condition'];
  if (!isObject(condition)) return [];
  return Object.entries(condition).flatMap(([operator, block]) =>
    isObject(block)
      ? Object.entries(block).map(([key, values]) => ({ operator, key, values: stringList(values) }))
      : [],
  );
}

function sourceRangesOf(conditions: ConditionEntry[]): SourceRange[] {
  return conditions
    .filter(
      (c) => SOURCE_IP_OPERATORS.has(c.operator.replace(/IfExists$/, '')) && c.key.toLowerCase() === 'aws:sourceip',
    )
    .flatMap((c) =>
      c.values.map((cidr) => ({ cidr, negated: c.operator.startsWith('Not'), open: OPEN_CIDRS.has(cidr) })),
    );
}

function describeAnyone(exposure: DomainExposure): string {
  const guards = [
    exposure.vpc && 'only reachable inside its VPC',
    exposure.fineGrained && 'requires a fine-grained access control login',
  ];
  return `Allows anyone, but the domain is ${guards.filter(Boolean).join(' and ')}.`;
}

function classify(
  effect: string,
  principals: string[],
  conditions: ConditionEntry[],
  ranges: SourceRange[],
  exposure: DomainExposure,
): { classification: StatementClass; explanation: string } {
  if (effect === 'Deny') return { classification: 'deny', explanation: 'Denies; it can only take access away.' };
  const anyone = principals.includes('*');
  if (anyone) {
    if (ranges.length > 0) {
      const open = ranges.filter((r) => r.open || r.negated);
      return {
        classification: 'ip-restricted',
        explanation: open.length
          ? `Allows anyone from ${ranges.map((r) => (r.negated ? `everywhere except ${r.cidr}` : r.cidr)).join(', ')}, which is open to the internet.`
          : `Allows anyone whose request comes from ${ranges.map((r) => r.cidr).join(', ')}.`,
      };
    }
    if (conditions.length > 0) {
      return {
        classification: 'conditional',
        explanation: `Allows anyone who meets ${conditions.map((c) => c.key).join(', ')}.`,
      };
    }
    if (exposure.vpc || exposure.fineGrained) {
      return { classification: 'open-but-guarded', explanation: describeAnyone(exposure) };
    }
    return {
      classification: 'public',
      explanation:
        'Allows anyone on the internet, signed or not: the domain has no VPC and no fine-grained access control.',
    };
  }
  if (principals.some((p) => ACCOUNT_ROOT.test(p) || ACCOUNT_ID.test(p))) {
    return {
      classification: 'account-wide',
      explanation: 'Allows any user or role in the account whose own IAM policies allow it.',
    };
  }
  return {
    classification: 'iam-principals',
    explanation: `Allows only ${principals.join(', ') || 'the named principals'}.`,
  };
}

export function classifyStatement(statement: unknown, index: number, exposure: DomainExposure): ClassifiedStatement {
  const s = isObject(statement) ? statement : {};
  const effect = typeof s['Effect'] === 'string' ? s['Effect'] : 'Allow';
  const principals = principalsOf(s);
  const conditions = conditionsOf(s);
  const sourceRanges = sourceRangesOf(conditions);
  const notAction = s['Action'] === undefined && s['NotAction'] !== undefined;
  return {
    index,
    ...(typeof s['Sid'] === 'string' && s['Sid'] !== '' ? { sid: s['Sid'] } : {}),
    effect,
    principals,
    actions: stringList(notAction ? s['NotAction'] : s['Action']),
    notAction,
    resources: stringList(s['Resource'] ?? s['NotResource']),
    conditions,
    sourceRanges,
    ...classify(effect, principals, conditions, sourceRanges, exposure),
  };
}

/** Tolerant: text that does not parse, or has no statements, classifies as no statements. */
export function classifyPolicy(text: string, exposure: DomainExposure): ClassifiedStatement[] {
  if (text.trim() === '') return [];
  const parsed = parseJson(text);
  if (!parsed.ok || !isObject(parsed.value)) return [];
  return statementsOf(parsed.value).map((s, i) => classifyStatement(s, i, exposure));
}

export type Exposure = 'public' | 'ip-restricted' | 'restricted' | 'no-policy';

/** The domain in one word, for the list: the most open statement wins. */
export function exposureOf(statements: ClassifiedStatement[]): Exposure {
  if (statements.length === 0) return 'no-policy';
  if (statements.some((s) => s.classification === 'public')) return 'public';
  const ipStatements = statements.filter((s) => s.classification === 'ip-restricted');
  if (ipStatements.some((s) => s.sourceRanges.some((r) => r.open || r.negated))) return 'public';
  return ipStatements.length ? 'ip-restricted' : 'restricted';
}
