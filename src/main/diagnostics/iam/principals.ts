/**
 * Principal ARNs as they appear in error text and option values. Names, paths,
 * partitions and account ids all vary between accounts, so nothing here
 * assumes the training lab's shapes.
 */
import type { IamSnapshot, PrincipalRef, Role, User } from '../../../shared/contract';

export interface ParsedPrincipalArn {
  partition: string;
  account: string;
  type: 'user' | 'role' | 'assumed-role' | 'root' | 'other';
  /** The user or role name (for an assumed role: the role's name), without the path. */
  name: string;
  /** IAM path with leading and trailing slash, `/` when none is visible. */
  path: string;
  sessionName?: string;
}

const ARN_HEAD = /^arn:(aws[a-z-]*):(iam|sts)::(\d{12}|aws)?:(.+)$/;

export function parsePrincipalArn(arn: string): ParsedPrincipalArn | undefined {
  const head = ARN_HEAD.exec(arn.trim());
  if (!head) return undefined;
  const [, partition = 'aws', service, account = '', rest = ''] = head;
  if (rest === 'root') return { partition, account, type: 'root', name: 'root', path: '/' };
  const segments = rest.split('/');
  const kind = segments[0];
  if (service === 'sts' && kind === 'assumed-role' && segments.length >= 3) {
    // STS drops the role's path: assumed-role/<role>/<session>.
    return {
      partition,
      account,
      type: 'assumed-role',
      name: segments[1] ?? '',
      path: '/',
      sessionName: segments.slice(2).join('/'),
    };
  }
  if (service === 'iam' && (kind === 'user' || kind === 'role') && segments.length >= 2) {
    const name = segments[segments.length - 1] ?? '';
    const middle = segments.slice(1, -1);
    return { partition, account, type: kind, name, path: middle.length ? `/${middle.join('/')}/` : '/' };
  }
  return { partition, account, type: 'other', name: segments[segments.length - 1] ?? rest, path: '/' };
}

/** Option values take a name or an ARN (`arn:…:role/path/name`, `arn:…:instance-profile/name`); IAM calls want the name. */
export function nameFromNameOrArn(value: string): string {
  const trimmed = value.trim();
  if (!trimmed.startsWith('arn:')) return trimmed;
  const resource = trimmed.split(':').slice(5).join(':');
  return resource.slice(resource.lastIndexOf('/') + 1);
}

export function iamArn(partition: string, account: string, type: 'role' | 'user', name: string, path = '/'): string {
  return `arn:${partition}:iam::${account}:${type}${path}${name}`;
}

export function findRole(snapshot: IamSnapshot | undefined, name: string): Role | undefined {
  return snapshot?.roles.find((r) => r.name === name);
}

export function findUser(snapshot: IamSnapshot | undefined, name: string): User | undefined {
  return snapshot?.users.find((u) => u.name === name);
}

export function findPrincipal(snapshot: IamSnapshot | undefined, ref: PrincipalRef): Role | User | undefined {
  return ref.type === 'role' ? findRole(snapshot, ref.name) : findUser(snapshot, ref.name);
}

/** The ARN SimulatePrincipalPolicy needs: the real one (with its path) when IAM knows the principal. */
export function principalArn(
  snapshot: IamSnapshot | undefined,
  ref: PrincipalRef,
  ctx: { partition: string; account: string },
): string {
  return findPrincipal(snapshot, ref)?.arn ?? iamArn(ctx.partition, ctx.account, ref.type, ref.name);
}

/** The IAM principal an error's ARN stands for: an assumed role is its role. Root and federated users have none. */
export function principalRefOf(parsed: ParsedPrincipalArn): PrincipalRef | undefined {
  if (parsed.type === 'user') return { type: 'user', name: parsed.name };
  if (parsed.type === 'role' || parsed.type === 'assumed-role') return { type: 'role', name: parsed.name };
  return undefined;
}
