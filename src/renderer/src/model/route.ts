/** Routes live in the URL fragment: `#/iam`, `#/journal`, `#/journal/<entryId>`. */

export const sections = [
  { id: 'iam', label: 'IAM' },
  { id: 'journal', label: 'Journal' },
] as const;

export type SectionId = (typeof sections)[number]['id'];

export interface Route {
  section: SectionId;
  /** A journal entry to bring into view. */
  entryId?: string;
}

export function parseRoute(hash: string): Route {
  const [section, detail] = hash.replace(/^#\/?/, '').split('/');
  if (section === 'journal') return detail ? { section, entryId: decodeURIComponent(detail) } : { section };
  return { section: 'iam' };
}

export function routeHref(route: Route): string {
  return `#/${route.section}${route.entryId ? `/${encodeURIComponent(route.entryId)}` : ''}`;
}
