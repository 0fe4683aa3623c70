/**
 * An action named on a resource it does not apply to: `s3:GetObject` on a
 * bucket ARN, or `s3:ListAllMyBuckets` on anything but "*". IAM accepts such
 * a statement and it silently grants nothing, which is why it is worth saying.
 * Only literal actions and ARNs of the action's own service are judged, and
 * only when the ARN's resource type can be told from its shape.
 */
import { at, stringItems, type PolicyDiagnostic, type StatementView } from './diagnostic';
import { globRegex, hasWildcard, type IamIndex, type IamService } from './iamIndex';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface TypePattern {
  key: string;
  pattern: string;
  regex: RegExp;
  sample: string;
  literal: number;
}

const patternCache = new WeakMap<IamService, TypePattern[]>();

/** ARN patterns as regular expressions: account-ish variables stay within a segment, the last name may hold slashes. */
function typePatterns(service: IamService): TypePattern[] {
  const cached = patternCache.get(service);
  if (cached) return cached;
  const out = Object.entries(service.data.resourceTypes).map(([key, pattern]) => {
    const parts = pattern.split(/(\$\{[^}]+\})/);
    const lastVar = parts.map((p, i) => (p.startsWith('${') ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
    const source = parts
      .map((p, i) => {
        if (!p.startsWith('${')) return escapeRegex(p);
        if (['${Partition}', '${Region}', '${Account}'].includes(p)) return '[^:]*';
        return i === lastVar ? '.+' : '[^/:]+';
      })
      .join('');
    const sample = parts
      .map((p) =>
        p === '${Partition}'
          ? 'aws'
          : p === '${Region}'
            ? 'us-east-1'
            : p === '${Account}'
              ? '123456789012'
              : p.startsWith('${')
                ? 'x'
                : p,
      )
      .join('');
    const literal = parts.filter((p) => !p.startsWith('${')).join('').length;
    return { key, pattern, regex: new RegExp(`^${source}$`, 'i'), sample, literal };
  });
  patternCache.set(service, out);
  return out;
}

/** The resource types an ARN can name; empty when the shape says nothing. */
export function resourceTypesOf(index: IamIndex, arn: string): { service: string; types: string[] } | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || hasWildcard(parts[2]!)) return undefined;
  const service = index.services.get(parts[2]!.toLowerCase());
  if (!service) return undefined;
  const patterns = typePatterns(service);
  if (hasWildcard(arn)) {
    // A wildcard may stand for any type whose example ARN it covers, or whose pattern it fits as written.
    const glob = globRegex(arn);
    const types = patterns.filter((p) => glob.test(p.sample) || p.regex.test(arn)).map((p) => p.key);
    return { service: service.prefix, types };
  }
  const matching = patterns.filter((p) => p.regex.test(arn));
  // A bucket pattern also fits an object ARN; the pattern with more fixed text is the more specific reading.
  const best = Math.max(...matching.map((p) => p.literal));
  return { service: service.prefix, types: matching.filter((p) => p.literal === best).map((p) => p.key) };
}

export function resourceProblems(index: IamIndex, statement: StatementView): PolicyDiagnostic[] {
  const actions = stringItems(statement.member('Action')?.value).filter(
    (a) => !hasWildcard(a.value) && a.value.includes(':'),
  );
  const resources = stringItems(statement.member('Resource')?.value).filter((r) => r.value.startsWith('arn:'));
  if (actions.length === 0 || resources.length === 0) return [];
  const out: PolicyDiagnostic[] = [];
  for (const item of actions) {
    const [prefix, name] = [
      item.value.slice(0, item.value.indexOf(':')),
      item.value.slice(item.value.indexOf(':') + 1),
    ];
    const service = index.services.get(prefix.toLowerCase());
    const action = service?.actions.get(name.toLowerCase());
    if (!service || !action) continue;
    const own = resources
      .map((r) => ({ r, typed: resourceTypesOf(index, r.value) }))
      .filter((x) => x.typed?.service === service.prefix);
    const judged = own.filter((x) => x.typed!.types.length > 0);
    if (judged.length === 0 || judged.length < own.length) continue;
    const fits = judged.some((x) => x.typed!.types.some((t) => action.resourceTypes.includes(t)));
    if (fits) continue;
    const full = `${service.prefix}:${action.name}`;
    const named = judged.map((x) => `"${x.r.value}" (${x.typed!.types.join(' or ')})`).join(', ');
    const wants =
      action.resourceTypes.length === 0
        ? 'only "Resource": "*"'
        : action.resourceTypes
            .map((t) => `${t} (${service.data.resourceTypes[t] ?? 'an ARN of that type'})`)
            .join(' or ');
    out.push(
      at(
        item,
        'warning',
        'resource-type',
        `${statement.label}: ${full} applies to ${wants}, but this statement names ${named}, so it grants ${full} on nothing.`,
      ),
    );
  }
  return out;
}
