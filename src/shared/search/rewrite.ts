/**
 * The quick fixes, as text in → text out: each returns the new policy as
 * pretty JSON, leaving every element it does not change as it was, so the
 * Review change diff shows only the fix.
 */
import { isObject, type JsonObject, parseJson, prettyPolicy, statementsOf, stringList } from './policyText';

function documentOf(text: string): JsonObject {
  if (text.trim() === '') return { Version: '2012-10-17', Statement: [] };
  const parsed = parseJson(text);
  if (!parsed.ok) throw new Error(parsed.message);
  if (!isObject(parsed.value)) throw new Error('The policy must be a JSON object.');
  return structuredClone(parsed.value);
}

function withStatements(document: JsonObject, statements: unknown[]): string {
  return prettyPolicy({ ...document, Statement: statements });
}

/** Adds a statement letting `roleArn` make signed HTTP requests to the domain; no change if one already does exactly that. */
export function allowRole(policy: string, domainArn: string, roleArn: string): string {
  const document = documentOf(policy);
  const statements = statementsOf(document);
  const resource = `${domainArn}/*`;
  const present = statements.some(
    (s) =>
      isObject(s) &&
      s['Effect'] === 'Allow' &&
      isObject(s['Principal']) &&
      stringList(s['Principal']['AWS']).includes(roleArn) &&
      stringList(s['Resource']).some((r) => r === resource || r === `${domainArn}*`),
  );
  if (present) return prettyPolicy(document);
  return withStatements(document, [
    ...statements,
    { Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'es:ESHttp*', Resource: resource },
  ]);
}

/** `8.7.6.5` and `8.7.6.5/32` name the same single address. */
function sameRange(a: string, b: string): boolean {
  const norm = (v: string) => (v.includes('/') ? v : v.includes(':') ? `${v}/128` : `${v}/32`);
  return norm(a.trim()) === norm(b.trim());
}

/**
 * Removes `cidr` from every aws:SourceIp condition. A statement whose list
 * becomes empty is dropped, not kept without its condition: an IP condition
 * with nothing left in it would otherwise turn into an open door.
 */
export function removeIpEntry(policy: string, cidr: string): string {
  const document = documentOf(policy);
  let found = false;
  const kept = statementsOf(document).flatMap((s) => {
    if (!isObject(s) || !isObject(s['Condition'])) return [s];
    const condition = { ...s['Condition'] };
    let emptied = false;
    for (const [operator, block] of Object.entries(condition)) {
      if (!/^(Not)?IpAddress(IfExists)?$/.test(operator) || !isObject(block)) continue;
      const next = { ...block };
      for (const [key, values] of Object.entries(block)) {
        if (key.toLowerCase() !== 'aws:sourceip') continue;
        const list = stringList(values);
        const remaining = list.filter((v) => !sameRange(v, cidr));
        if (remaining.length === list.length) continue;
        found = true;
        if (remaining.length === 0) emptied = true;
        else next[key] = Array.isArray(values) ? remaining : remaining[0];
      }
      condition[operator] = next;
    }
    return emptied ? [] : [{ ...s, Condition: condition }];
  });
  if (!found) throw new Error(`No aws:SourceIp condition in the policy lists ${cidr}.`);
  return withStatements(document, kept);
}

/** Removes statement `index` (0-based, in the order the policy lists them). */
export function dropStatement(policy: string, index: number): string {
  const document = documentOf(policy);
  const statements = statementsOf(document);
  if (!Number.isInteger(index) || index < 0 || index >= statements.length) {
    throw new Error(`The policy has no statement ${index + 1}; it has ${statements.length}.`);
  }
  return withStatements(
    document,
    statements.filter((_, i) => i !== index),
  );
}
