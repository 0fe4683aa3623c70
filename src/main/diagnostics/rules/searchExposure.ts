/**
 * What a search domain's "anyone" statements really admit (F13), judged by
 * the addresses unsigned requests may come from rather than by the words the
 * policy uses:
 *
 * - an `IpAddress` list admits the union of its entries, so one `0.0.0.0/0`
 *   or `::/0` among narrow entries opens the statement to the internet, and so
 *   do entries that add up to the whole space (`0.0.0.0/1` + `128.0.0.0/1`);
 * - `NotIpAddress` admits everything its list leaves out: "everywhere except
 *   the office" is public;
 * - a `Deny` for anyone on the domain's HTTP actions whose only condition is
 *   on aws:SourceIp takes its addresses away from every Allow, so an open
 *   Allow behind `Deny … NotIpAddress [office]` admits only the office.
 *
 * A statement that admits at least half of the IPv4 or of the IPv6 space is
 * public, like a bare `*`. Conditions on other keys are not modelled here:
 * a statement with them stays IP-restricted, however wide its addresses.
 * This is the special case the shared policy evaluator (src/shared/iam, once it
 * evaluates `Condition` and resource policies) should replace: ask it whether
 * an anonymous request from a sample of addresses is allowed.
 */
import type { ClassifiedStatement, ConditionEntry } from '../../../shared/search';
import {
  type AddressSet,
  complement,
  EVERYWHERE,
  intersect,
  isEmpty,
  NOWHERE,
  parseCidr,
  setOf,
  share,
  union,
} from '../../../shared/diagnostics/ipRanges';
import { wildcardMatch } from '../iam/policyEvaluation';

export interface AnyoneExposure {
  statement: ClassifiedStatement;
  /** Admits at least half of IPv4 or IPv6, after the Denies. */
  wide: boolean;
  /** Wide, and no condition on another key narrows it: as open as a bare `*`. */
  public: boolean;
  /** Why, in words: `its aws:SourceIp list includes 0.0.0.0/0`. */
  why: string;
  /** Where unsigned requests may come from, in words. */
  from: string;
  /** The statement's own IpAddress entries; removing them (and dropping it when none is left) closes it. */
  ipEntries: string[];
  /** The fewest of `ipEntries`, widest first, whose removal leaves it not public; empty when removal cannot help. */
  wideEntries: string[];
  /** Conditions on keys other than aws:SourceIp, which this judgement does not model. */
  otherConditions: boolean;
  /** The Deny statements that take addresses away from it. */
  narrowedBy: ClassifiedStatement[];
}

const IP_OPERATOR = /^(Not)?IpAddress(IfExists)?$/;
const HTTP_ACTIONS = /^(\*|es:\*|es:ESHttp\*)$/i;
const PUBLIC_SHARE = 0.5;

const isSourceIp = (c: ConditionEntry): boolean =>
  IP_OPERATOR.test(c.operator) && c.key.toLowerCase() === 'aws:sourceip';
const negated = (c: ConditionEntry): boolean => c.operator.startsWith('Not');

/** The addresses all of the statement's aws:SourceIp conditions let through (they are ANDed). */
function admittedBy(conditions: readonly ConditionEntry[]): AddressSet {
  return conditions
    .filter(isSourceIp)
    .reduce(
      (set, c) => intersect(set, negated(c) ? complement(setOf(c.values)) : setOf(c.values)),
      EVERYWHERE as AddressSet,
    );
}

function isWide(set: AddressSet): boolean {
  return share(set, 4) >= PUBLIC_SHARE || share(set, 6) >= PUBLIC_SHARE;
}

/** A Deny that applies to every unsigned request to the domain, whatever else the policy says. */
function narrowingDeny(s: ClassifiedStatement, domainArn: string): boolean {
  return (
    s.effect === 'Deny' &&
    s.principals.includes('*') &&
    !s.notAction &&
    s.actions.some((a) => HTTP_ACTIONS.test(a)) &&
    s.resources.some((r) => r === '*' || wildcardMatch(r, `${domainArn}/*`)) &&
    s.conditions.every(isSourceIp)
  );
}

function sizeOf(entry: string): bigint {
  const cidr = parseCidr(entry);
  return cidr ? cidr.end - cidr.start : -1n;
}

function widestFirst(entries: readonly string[]): string[] {
  return [...entries].sort((a, b) => {
    const d = sizeOf(b) - sizeOf(a);
    return d > 0n ? 1 : d < 0n ? -1 : 0;
  });
}

function list(values: readonly string[]): string {
  return values.join(', ');
}

function describeWhy(s: ClassifiedStatement, own: AddressSet, entries: readonly string[], wide: string[]): string {
  const ip = s.conditions.filter(isSourceIp);
  if (ip.length === 0) return 'it has no condition';
  const except = ip.filter(negated).flatMap((c) => c.values);
  if (except.length > 0 && ip.every(negated)) return `its NotIpAddress admits every address except ${list(except)}`;
  const open = entries.filter((e) => parseCidr(e)?.prefix === 0);
  if (open.length > 0) return `its aws:SourceIp list includes ${list(open)}`;
  const whole = share(own, 4) === 1 ? 'every IPv4 address' : share(own, 6) === 1 ? 'every IPv6 address' : undefined;
  return `its aws:SourceIp entries ${list(wide.length > 0 ? wide : entries)} together cover ${whole ?? 'half or more of the internet'}`;
}

function describeFrom(s: ClassifiedStatement, entries: readonly string[], narrowedBy: ClassifiedStatement[]): string {
  const except = s.conditions.filter((c) => isSourceIp(c) && negated(c)).flatMap((c) => c.values);
  const own = entries.length > 0 ? list(entries) : except.length > 0 ? `everywhere except ${list(except)}` : 'anywhere';
  const only = narrowedBy
    .flatMap((d) => d.conditions.filter((c) => isSourceIp(c) && negated(c)).flatMap((c) => c.values))
    .filter((v, i, all) => all.indexOf(v) === i);
  return only.length > 0 ? `${own}, limited by a Deny to ${list(only)}` : own;
}

/** Each Allow for anyone (classified public or IP-restricted) with what it admits once Deny statements are applied. */
export function anyoneExposures(statements: readonly ClassifiedStatement[], domainArn: string): AnyoneExposure[] {
  const denies = statements.filter((s) => narrowingDeny(s, domainArn));
  const denied = denies.reduce((set, d) => union(set, admittedBy(d.conditions)), NOWHERE as AddressSet);
  return statements
    .filter((s) => s.classification === 'public' || s.classification === 'ip-restricted')
    .map((statement) => {
      const own = admittedBy(statement.conditions);
      const admitted = intersect(own, complement(denied));
      const narrowedBy = denies.filter((d) => !isEmpty(intersect(own, admittedBy(d.conditions))));
      const ipEntries = statement.conditions.filter((c) => isSourceIp(c) && !negated(c)).flatMap((c) => c.values);
      const otherConditions = statement.conditions.some((c) => !isSourceIp(c));
      const wide = isWide(admitted);
      // Remove the widest entries until what is left (after the Denies) is no longer public.
      const wideEntries: string[] = [];
      if (wide) {
        let left = [...ipEntries];
        for (const entry of widestFirst(ipEntries)) {
          left = left.filter((e) => e !== entry);
          wideEntries.push(entry);
          const rest = statement.conditions.map((c) =>
            isSourceIp(c) && !negated(c) ? { ...c, values: c.values.filter((v) => left.includes(v)) } : c,
          );
          if (left.length === 0 || !isWide(intersect(admittedBy(rest), complement(denied)))) break;
        }
        // Removing every entry drops the statement: that is the "drop" fix, not a narrower list.
        if (left.length === 0) wideEntries.length = 0;
      }
      return {
        statement,
        wide,
        public: wide && !otherConditions,
        why: describeWhy(statement, own, ipEntries, wideEntries),
        from: describeFrom(statement, ipEntries, narrowedBy),
        ipEntries,
        wideEntries,
        otherConditions,
        narrowedBy,
      };
    });
}
