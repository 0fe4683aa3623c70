/**
 * Inline policy documents that fixes write, and the intent shape for a fix of
 * one or more steps. Merging keeps every statement already in a policy of the
 * same name: PutRolePolicy replaces the whole document, so a fix that wrote
 * only its own statement would silently drop the user's.
 */
import type { AtomicChangeIntent, ChangeIntent } from '../../../shared/contract';
import { isObject, stringList } from '../../../shared/search/policyText';

export interface NewStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const union = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])];

export function policyDocument(statements: readonly unknown[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

/**
 * Adds `statement` to the existing document (or starts one). A statement with
 * the same Sid and no condition is widened (actions and resources unioned)
 * instead of duplicated, so running the fix twice changes nothing.
 */
export function mergeInlinePolicy(existing: string | undefined, statement: NewStatement): string {
  let current: unknown[] = [];
  if (existing) {
    try {
      const parsed: unknown = JSON.parse(existing);
      if (isObject(parsed)) {
        const raw = parsed['Statement'];
        current = Array.isArray(raw) ? [...raw] : raw === undefined ? [] : [raw];
      }
    } catch {
      // An unreadable document cannot be merged; the plan's diff shows it being replaced.
      current = [];
    }
  }
  const index = current.findIndex((s) => isObject(s) && s['Sid'] === statement.Sid && s['Condition'] === undefined);
  const previous = index >= 0 ? current[index] : undefined;
  if (isObject(previous) && statement.Condition === undefined) {
    current[index] = {
      ...previous,
      Action: union(stringList(previous['Action']), statement.Action),
      Resource: union(stringList(previous['Resource']), statement.Resource),
    };
  } else {
    current.push(statement);
  }
  return policyDocument(current);
}

/** One step stays an atomic intent (its plan reads better); several become a composite applied in order. */
export function stepsIntent(title: string, parts: readonly AtomicChangeIntent[]): ChangeIntent {
  const [only] = parts;
  if (parts.length === 1 && only) return only;
  return { kind: 'composite', title, parts: [...parts] };
}
