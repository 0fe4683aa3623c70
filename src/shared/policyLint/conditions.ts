/**
 * The Condition block: operators IAM knows (with the IfExists forms and the
 * ForAnyValue:/ForAllValues: qualifiers) and condition keys that exist,
 * globally (aws:*) or for their service.
 */
import { parseOperatorName } from '../iam/conditionOperators';
import { at, type PolicyDiagnostic, type StatementView } from './diagnostic';
import { closest, findConditionKey, type IamIndex } from './iamIndex';

export const BASE_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnNotEquals',
  'ArnLike',
  'ArnNotLike',
  'Null',
];

/** Every operator spelling IAM accepts, for completion; Null takes no IfExists form. */
export const CONDITION_OPERATORS: string[] = BASE_OPERATORS.flatMap((op) =>
  op === 'Null' ? [op] : [op, `${op}IfExists`],
).flatMap((op) => (op === 'Null' ? [op] : [op, `ForAnyValue:${op}`, `ForAllValues:${op}`]));

/**
 * Whether an operator is known is the evaluator's call (`parseOperatorName`, the
 * one IAM brain), so the editor never refuses what the sandbox and the Doctor
 * accept. A spelling that differs from AWS's only in case is accepted there,
 * so here it is a warning that names the documented spelling, not an error.
 */
function operatorProblem(raw: string): { severity: 'error' | 'warning'; message: string } | undefined {
  if (parseOperatorName(raw)) {
    if (CONDITION_OPERATORS.includes(raw)) return undefined;
    const documented = CONDITION_OPERATORS.find((op) => op.toLowerCase() === raw.toLowerCase());
    return documented
      ? { severity: 'warning', message: `Write "${raw}" as AWS documents it: "${documented}".` }
      : undefined;
  }
  const guess = closest(raw, CONDITION_OPERATORS);
  return {
    severity: 'error',
    message: `Unknown condition operator "${raw}".${guess ? ` Did you mean "${guess}"?` : ''}`,
  };
}

export function conditionProblems(index: IamIndex | undefined, statement: StatementView): PolicyDiagnostic[] {
  const condition = statement.member('Condition')?.value;
  if (condition?.kind !== 'object') return [];
  const out: PolicyDiagnostic[] = [];
  for (const op of condition.members) {
    const problem = operatorProblem(op.key);
    if (problem)
      out.push(at(op.keySpan, problem.severity, 'condition-operator', `${statement.label}: ${problem.message}`));
    if (op.value.kind !== 'object') {
      out.push(
        at(
          op.value,
          'error',
          'structure',
          `${statement.label}: ${op.key} must map condition keys to values ({ "key": "value" }).`,
        ),
      );
      continue;
    }
    if (!index) continue;
    for (const key of op.value.members) {
      const colon = key.key.indexOf(':');
      const prefix = colon > 0 ? key.key.slice(0, colon) : '';
      // Federated keys ("token.actions.githubusercontent.com:sub") belong to their identity provider, not to a service.
      if (prefix.includes('.') || prefix.includes('/')) continue;
      if (colon <= 0) {
        out.push(
          at(
            key.keySpan,
            'error',
            'condition-key',
            `${statement.label}: "${key.key}" is not a condition key: write prefix:name, for example "aws:SourceIp".`,
          ),
        );
        continue;
      }
      if (findConditionKey(index, key.key)) continue;
      const service = index.services.get(prefix.toLowerCase());
      if (prefix.toLowerCase() !== 'aws' && !service) {
        out.push(
          at(
            key.keySpan,
            'warning',
            'condition-key',
            `${statement.label}: unknown condition key "${key.key}": there is no service "${prefix}".`,
          ),
        );
        continue;
      }
      const candidates =
        prefix.toLowerCase() === 'aws' ? index.data.globalConditionKeys : (service?.data.conditionKeys ?? []);
      const guess = closest(key.key, candidates);
      const where = prefix.toLowerCase() === 'aws' ? 'global condition key' : `condition key of ${service!.data.name}`;
      out.push(
        at(
          key.keySpan,
          'warning',
          'condition-key',
          `${statement.label}: unknown condition key "${key.key}": it is no ${where}.${guess ? ` Did you mean "${guess}"?` : ''}`,
        ),
      );
    }
  }
  return out;
}
