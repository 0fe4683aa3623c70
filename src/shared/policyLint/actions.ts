/**
 * Actions against the IAM service reference: unknown services and actions
 * (with the nearest real name), wildcards that match nothing, and wildcards
 * that grant far more than they read as, counted by access level.
 */
import { at, stringItems, type PolicyDiagnostic, type StatementView } from './diagnostic';
import { closest, expandAction, hasWildcard, type IamAction, type IamIndex } from './iamIndex';

/** Access levels that change things; a wildcard reaching one of these is worth a second look. */
const WRITE_LEVELS = ['Write', 'Permissions management', 'Tagging'];

const levelName = (level: string) =>
  level.includes('Permissions management') ? 'Permissions management' : level.includes('Tagging') ? 'Tagging' : level;

/** "23 Write, 4 Permissions management and 12 Read" — most consequential first. */
export function accessLevelCounts(actions: readonly IamAction[]): { counts: Map<string, number>; words: string } {
  const counts = new Map<string, number>();
  for (const a of actions) counts.set(levelName(a.accessLevel), (counts.get(levelName(a.accessLevel)) ?? 0) + 1);
  const order = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];
  const parts = order.filter((l) => counts.has(l)).map((l) => `${counts.get(l)} ${l}`);
  const words =
    parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return { counts, words };
}

function unknownAction(index: IamIndex, raw: string, span: { from: number; to: number }): PolicyDiagnostic | undefined {
  const colon = raw.indexOf(':');
  if (colon < 0) {
    return at(span, 'error', 'action', `"${raw}" is not an action: write service:action, for example "s3:GetObject".`);
  }
  const prefix = raw.slice(0, colon);
  const name = raw.slice(colon + 1);
  if (hasWildcard(prefix)) return undefined;
  const service = index.services.get(prefix.toLowerCase());
  if (!service) {
    const guess = closest(prefix, index.services.keys());
    return at(
      span,
      'warning',
      'unknown-service',
      `Unknown service prefix "${prefix}" in "${raw}".${guess ? ` Did you mean "${guess}"?` : ''}`,
    );
  }
  if (hasWildcard(name)) return undefined;
  if (service.actions.has(name.toLowerCase())) return undefined;
  const guess = closest(
    name,
    [...service.actions.values()].map((a) => a.name),
  );
  return at(
    span,
    'warning',
    'unknown-action',
    `Unknown action "${raw}": ${service.data.name} has no action "${name}".${guess ? ` Did you mean "${service.prefix}:${guess}"?` : ''}`,
  );
}

function broadWildcard(
  index: IamIndex,
  raw: string,
  span: { from: number; to: number },
  statement: StatementView,
): PolicyDiagnostic | undefined {
  const matched = expandAction(index, raw);
  if (matched.length === 0) {
    return raw.includes(':') && index.services.has(raw.slice(0, raw.indexOf(':')).toLowerCase())
      ? at(span, 'warning', 'wildcard', `"${raw}" matches no action, so it grants nothing.`)
      : undefined;
  }
  const { counts, words } = accessLevelCounts(matched);
  const writes = WRITE_LEVELS.some((l) => counts.has(l));
  if (matched.length < 2 || !writes) return undefined;
  const services = new Set(matched.map((a) => a.service)).size;
  const scope = services > 1 ? `${matched.length} actions in ${services} services` : `${matched.length} actions`;
  const severe = counts.has('Permissions management') || services > 1;
  return at(
    span,
    severe ? 'warning' : 'info',
    'wildcard',
    `${statement.label}: "${raw}" allows ${scope}: ${words}.${counts.has('Permissions management') ? ' Permissions management actions can change who may do what.' : ''} List the actions you need instead.`,
  );
}

export function actionProblems(index: IamIndex, statement: StatementView): PolicyDiagnostic[] {
  const out: PolicyDiagnostic[] = [];
  const allow = statement.member('Effect')?.value;
  const isAllow = allow?.kind === 'string' && allow.value === 'Allow';
  for (const element of ['Action', 'NotAction'] as const) {
    for (const item of stringItems(statement.member(element)?.value)) {
      const unknown = item.value === '*' ? undefined : unknownAction(index, item.value, item);
      if (unknown) {
        out.push(unknown);
        continue;
      }
      // A broad Deny is caution, not danger; a broad NotAction is reported by what it leaves out, which is not this rule.
      if (element === 'Action' && isAllow && hasWildcard(item.value)) {
        const broad = broadWildcard(index, item.value, item, statement);
        if (broad) out.push(broad);
      }
    }
  }
  return out;
}
