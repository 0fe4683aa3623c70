/**
 * The SSO account picker's pure parts: which accounts a filter keeps, the
 * name suggested for a new profile, and what is wrong with a typed name or
 * region (in words the dialog shows under the field).
 */
import { newProfileNameSchema, regionSchema, type SsoAccount } from '../../../shared/contract';

export const PROFILE_NAME_MAX = 64;

/** Every word of the query must appear in the account's name, id or email (case-insensitive). */
export function filterAccounts(accounts: readonly SsoAccount[], query: string): SsoAccount[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...accounts];
  return accounts.filter((a) => {
    const haystack = [a.accountName, a.accountId, a.emailAddress ?? ''].join('\n').toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/** Accounts by name ("prod-2" before "prod-10"); ties by id so the order is stable. */
export function sortAccounts(accounts: readonly SsoAccount[]): SsoAccount[] {
  return [...accounts].sort(
    (a, b) =>
      a.accountName.localeCompare(b.accountName, 'en', { sensitivity: 'base', numeric: true }) ||
      a.accountId.localeCompare(b.accountId),
  );
}

/**
 * Lower case, and only the characters an SDK-readable `[profile NAME]` header
 * allows, with runs of '-' folded. Accents are dropped first, so "Ünïcödé"
 * reads "unicode" rather than "n-c-d".
 */
function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\w\-@+.%:/]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
}

function clip(name: string, max: number): string {
  return name.slice(0, max).replace(/-+$/, '');
}

/**
 * "edX Training Lab" + "ReadOnlyAccess" → "edx-training-lab-readonlyaccess",
 * at most 64 characters (the account id stands in for a name with no usable
 * character). A name already taken (or reserved) gets "-2", "-3"…,
 * so the suggestion is always one the dialog accepts as it stands.
 */
export function suggestProfileName(
  accountName: string,
  roleName: string,
  taken: Iterable<string> = [],
  accountId = '',
): string {
  const used = new Set(taken);
  used.add('default');
  used.add('sandbox');
  // An account name in another script leaves nothing; its id still tells the accounts apart.
  const account = slug(accountName) || accountId;
  const base = clip(slug(`${account} ${roleName}`), PROFILE_NAME_MAX);
  if (!used.has(base)) return base;
  for (let n = 2; n < 1000; n++) {
    const suffix = `-${n}`;
    const candidate = `${clip(base, PROFILE_NAME_MAX - suffix.length)}${suffix}`;
    if (!used.has(candidate)) return candidate;
  }
  return base; // a thousand taken variants: let the field say so rather than loop on
}

function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Why a new profile cannot have this name, or undefined when it can. */
export function profileNameProblem(name: string, existing: readonly string[]): string | undefined {
  const parsed = newProfileNameSchema.safeParse(name);
  if (!parsed.success) return sentence(parsed.error.issues[0]?.message ?? 'not a usable profile name');
  if (existing.includes(name)) return `A profile named ${name} already exists; choose another name.`;
  return undefined;
}

/** Why this is not a region; an empty field is allowed (the profile then names none). */
export function regionProblem(region: string): string | undefined {
  if (region === '') return undefined;
  const parsed = regionSchema.safeParse(region);
  return parsed.success ? undefined : `‘${region}’ is ${parsed.error.issues[0]?.message ?? 'not an AWS region code'}.`;
}
