/**
 * SSM parameter names, paths and ARNs as the environment rules use them.
 * The ARN of `/a/b` is `…:parameter/a/b` (one slash), which is what
 * environmentsecrets entries and IAM policies must name.
 */
import type { EvaluationContext } from '../types';

/** `/flaskapp/flaskenv` → `/flaskapp/flaskenv/`, so leaf names can be appended. */
export function normalisePath(path: string): string {
  const trimmed = path.trim();
  const lead = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  return lead.endsWith('/') ? lead : `${lead}/`;
}

export function leafName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

export function parameterArn(ctx: Pick<EvaluationContext, 'partition' | 'region' | 'account'>, name: string): string {
  return `arn:${ctx.partition}:ssm:${ctx.region}:${ctx.account}:parameter/${name.replace(/^\/+/, '')}`;
}

/**
 * The parameter an SSM ARN names, or undefined for other ARNs (Secrets
 * Manager). A hierarchical name always starts with `/`; a single-level
 * name is ambiguous in an ARN, and SSM names without a slash are the
 * common form there.
 */
export function parameterNameFromArn(arn: string): string | undefined {
  const m = /^arn:[\w-]+:ssm:[^:]*:[^:]*:parameter\/(.+)$/.exec(arn.trim());
  if (!m?.[1]) return undefined;
  return m[1].includes('/') ? `/${m[1]}` : m[1];
}

/** The path that holds the parameter, for a recursive listing that finds it (and its neighbours) in one read. */
export function parentPath(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash <= 0 ? '/' : name.slice(0, slash + 1);
}

/** One path segment from an application or environment name: SSM allows letters, digits and `_.-`. */
function segment(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'app' : cleaned;
}

/**
 * Where moved or generated secrets go: the declared path of the environment
 * when there is one, else `/<application>/<environment>/`. SSM refuses names
 * starting with `aws` or `ssm`, so such an application name gets an `app-` prefix.
 */
export function secretsPathFor(
  ctx: Pick<EvaluationContext, 'settings'>,
  applicationName: string,
  environmentName: string,
): string {
  const declared = ctx.settings.parameterPaths[environmentName];
  if (declared !== undefined && declared.trim() !== '' && declared.trim() !== '/') return normalisePath(declared);
  let first = segment(applicationName);
  if (/^(aws|ssm)/i.test(first)) first = `app-${first}`;
  return `/${first}/${segment(environmentName)}/`;
}
