/**
 * Routes live in the URL fragment: `#/overview`, `#/iam`, `#/beanstalk`, `#/beanstalk/<environmentName>`,
 * `#/beanstalk/app/<applicationName>/versions`, `#/journal/<entryId>`.
 */

export const sections = [
  { id: 'overview', label: 'Overview' },
  { id: 'iam', label: 'IAM' },
  { id: 'beanstalk', label: 'Beanstalk' },
  { id: 'parameters', label: 'Parameters' },
  { id: 'databases', label: 'Databases' },
  { id: 'search', label: 'Search domains' },
  { id: 'diagnostics', label: 'Diagnostics' },
  { id: 'lab', label: 'Lab' },
  { id: 'journal', label: 'Journal' },
] as const;

export type SectionId = (typeof sections)[number]['id'];

export interface Route {
  section: SectionId;
  /** A journal entry to bring into view. */
  entryId?: string;
  /** The Beanstalk environment whose page is open. */
  environmentName?: string;
  /** The Beanstalk application whose versions are open. */
  applicationName?: string;
  /** The OpenSearch / Elasticsearch domain whose page is open. */
  domainName?: string;
  /** The diagnostics finding whose detail is open. */
  findingId?: string;
  /** The guided-fix catalogue page, scrolled to this entry (`F3`) when set; `''` for the whole list. */
  catalogueRule?: string;
}

export function parseRoute(hash: string): Route {
  const [section, detail, ...rest] = hash.replace(/^#\/?/, '').split('/');
  if (section === 'journal') return detail ? { section, entryId: decodeURIComponent(detail) } : { section };
  if (section === 'beanstalk') {
    // EB environment names are at least 4 characters, so `app` cannot be one.
    if (detail === 'app' && rest[0]) return { section, applicationName: decodeURIComponent(rest[0]) };
    return detail ? { section, environmentName: decodeURIComponent(detail) } : { section };
  }
  if (section === 'parameters') return { section };
  if (section === 'databases') return { section };
  if (section === 'search') return detail ? { section, domainName: decodeURIComponent(detail) } : { section };
  if (section === 'diagnostics') {
    // Finding ids always hold a colon (`F3:environment/x`), so `catalogue` cannot be one.
    if (detail === 'catalogue') return { section, catalogueRule: decodeURIComponent(rest[0] ?? '') };
    return detail ? { section, findingId: decodeURIComponent(detail) } : { section };
  }
  if (section === 'lab') return { section };
  if (section === 'overview') return { section };
  return { section: 'iam' };
}

export function routeHref(route: Route): string {
  if (route.section === 'beanstalk' && route.applicationName !== undefined) {
    return `#/beanstalk/app/${encodeURIComponent(route.applicationName)}/versions`;
  }
  if (route.section === 'diagnostics' && route.catalogueRule !== undefined) {
    return `#/diagnostics/catalogue${route.catalogueRule ? `/${encodeURIComponent(route.catalogueRule)}` : ''}`;
  }
  const detail =
    route.section === 'beanstalk'
      ? route.environmentName
      : route.section === 'search'
        ? route.domainName
        : route.section === 'diagnostics'
          ? route.findingId
          : route.entryId;
  return `#/${route.section}${detail ? `/${encodeURIComponent(detail)}` : ''}`;
}
