/**
 * Narrowing one statement's aws:SourceIp allow-list, leaving every other
 * statement as written. The search view's quick fix removes an address from
 * every condition, Deny and NotIpAddress lists included; for a fix computed
 * per statement that would be wrong, because taking an address out of a
 * `Deny … NotIpAddress` list, or emptying it, lets more requests in.
 */
import { isObject, parseJson, prettyPolicy, statementsOf, stringList } from '../search/policyText';
import { parseCidr } from './ipRanges';

const ALLOW_LIST = /^IpAddress(IfExists)?$/;

/** `8.7.6.5`, `8.7.6.5/32` and `8.7.6.5/32 ` name the same range; text that is no address must match as written. */
function sameEntry(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return x && y ? x.family === y.family && x.start === y.start && x.end === y.end : a.trim() === b.trim();
}

/**
 * Removes `entries` from the IpAddress lists of statement `index` (0-based).
 * A list left empty drops the statement: a condition with nothing in it would
 * otherwise be removed with it and leave the statement open.
 */
export function removeStatementIps(policy: string, index: number, entries: readonly string[]): string {
  const parsed = parseJson(policy);
  if (!parsed.ok) throw new Error(parsed.message);
  if (!isObject(parsed.value)) throw new Error('The policy must be a JSON object.');
  const document = structuredClone(parsed.value);
  const statements = statementsOf(document);
  const statement = statements[index];
  if (!isObject(statement) || !isObject(statement['Condition'])) {
    throw new Error(`Statement ${index + 1} has no aws:SourceIp condition.`);
  }
  const condition = { ...statement['Condition'] };
  let removed = false;
  let emptied = false;
  for (const [operator, block] of Object.entries(condition)) {
    if (!ALLOW_LIST.test(operator) || !isObject(block)) continue;
    const next = { ...block };
    for (const [key, values] of Object.entries(block)) {
      if (key.toLowerCase() !== 'aws:sourceip') continue;
      const list = stringList(values);
      const left = list.filter((v) => !entries.some((e) => sameEntry(v, e)));
      if (left.length === list.length) continue;
      removed = true;
      if (left.length === 0) emptied = true;
      next[key] = Array.isArray(values) ? left : (left[0] ?? '');
    }
    condition[operator] = next;
  }
  if (!removed) throw new Error(`Statement ${index + 1} lists none of ${entries.join(', ')}.`);
  const kept = emptied
    ? statements.filter((_, i) => i !== index)
    : statements.map((s, i) => (i === index ? { ...statement, Condition: condition } : s));
  return prettyPolicy({ ...document, Statement: kept });
}
