/**
 * The F10 inline policy that lets the instance role read the parameters an
 * environment's secrets point at. An existing `FetchSSMParameters` document is
 * merged, never replaced, so grants someone else wrote stay in place.
 */
import { wildcardMatch } from '../iam/policyEvaluation';

export const FETCH_POLICY_NAME = 'FetchSSMParameters';
const STATEMENT_SID = 'TrellisFetchEnvironmentSecrets';
const ACTIONS = ['ssm:GetParameter', 'ssm:GetParameters'];

interface Statement {
  Sid?: string;
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
  [key: string]: unknown;
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function grantsGetParameter(statement: Statement): boolean {
  return (
    statement.Effect === 'Allow' &&
    statement.Condition === undefined &&
    list(statement.Action).some((a) => wildcardMatch(a, 'ssm:getparameter', true))
  );
}

function covered(statements: readonly Statement[], arn: string): boolean {
  return statements.some((s) => grantsGetParameter(s) && list(s.Resource).some((r) => wildcardMatch(r, arn)));
}

/**
 * The document to put, or `null` when the existing one already grants every
 * ARN. `undefined` when the existing text is not a policy we can merge into
 * safely; the caller then leaves the grant to F10.
 */
export function mergeFetchPolicy(existing: string | undefined, arns: readonly string[]): string | null | undefined {
  let doc: { Version?: string; Statement?: Statement | Statement[]; [key: string]: unknown };
  if (existing === undefined) {
    doc = { Version: '2012-10-17', Statement: [] };
  } else {
    try {
      const parsed: unknown = JSON.parse(existing);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
      doc = parsed as typeof doc;
    } catch {
      return undefined;
    }
  }
  const statements: Statement[] =
    doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? [...doc.Statement] : [doc.Statement];
  const missing = [...new Set(arns)].filter((arn) => !covered(statements, arn));
  if (missing.length === 0) return null;
  const ours = statements.findIndex((s) => s.Sid === STATEMENT_SID);
  if (ours >= 0) {
    const current = statements[ours] as Statement;
    statements[ours] = { ...current, Resource: [...list(current.Resource), ...missing] };
  } else {
    statements.push({ Sid: STATEMENT_SID, Effect: 'Allow', Action: [...ACTIONS], Resource: missing });
  }
  return JSON.stringify({ ...doc, Version: doc.Version ?? '2012-10-17', Statement: statements }, null, 2);
}
