import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, sections } from '../../../src/renderer/src/model/route';

describe('search domain routes', () => {
  it('lists the section and parses a domain page', () => {
    expect(sections.find((s) => s.id === 'search')?.label).toBe('Search domains');
    expect(parseRoute('#/search')).toEqual({ section: 'search' });
    expect(parseRoute('#/search/test-domain')).toEqual({ section: 'search', domainName: 'test-domain' });
  });

  it('round-trips a domain page', () => {
    const route = { section: 'search' as const, domainName: 'secure-search' };
    expect(routeHref(route)).toBe('#/search/secure-search');
    expect(parseRoute(routeHref(route))).toEqual(route);
  });
});
