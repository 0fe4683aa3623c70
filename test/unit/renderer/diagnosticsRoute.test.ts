import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, sections } from '../../../src/renderer/src/model/route';
import { labProgress } from '../../../src/renderer/src/views/lab/labProgress';

describe('diagnostics and lab routes', () => {
  it('lists both sections in the navigation', () => {
    expect(sections.map((s) => s.label)).toEqual(expect.arrayContaining(['Diagnostics', 'Lab']));
  });

  it('parses the overview, a finding and the lab', () => {
    expect(parseRoute('#/diagnostics')).toEqual({ section: 'diagnostics' });
    expect(parseRoute('#/lab')).toEqual({ section: 'lab' });
    expect(parseRoute('#/diagnostics/F3%3ABbruceeb2-env')).toEqual({
      section: 'diagnostics',
      findingId: 'F3:Bbruceeb2-env',
    });
  });

  it('round-trips finding ids with slashes, colons and spaces', () => {
    const route = { section: 'diagnostics' as const, findingId: 'F10:role/aws-eb-ec2-role:/edx app/*' };
    expect(routeHref(route)).toMatch(/^#\/diagnostics\/[^/]+$/);
    expect(parseRoute(routeHref(route))).toEqual(route);
    expect(routeHref({ section: 'lab' })).toBe('#/lab');
  });
});

describe('the catalogue route', () => {
  it('opens the catalogue, or one entry of it, and never mistakes it for a finding', () => {
    expect(parseRoute('#/diagnostics/catalogue')).toEqual({ section: 'diagnostics', catalogueRule: '' });
    expect(parseRoute('#/diagnostics/catalogue/F13')).toEqual({ section: 'diagnostics', catalogueRule: 'F13' });
    expect(routeHref({ section: 'diagnostics', catalogueRule: 'F3' })).toBe('#/diagnostics/catalogue/F3');
    expect(routeHref({ section: 'diagnostics', catalogueRule: '' })).toBe('#/diagnostics/catalogue');
    // A finding id is encoded whole, so its slashes never reach the catalogue branch.
    expect(parseRoute(routeHref({ section: 'diagnostics', findingId: 'F3:environment/catalogue' }))).toEqual({
      section: 'diagnostics',
      findingId: 'F3:environment/catalogue',
    });
  });
});

describe('lab progress', () => {
  const item = (status: 'done' | 'todo' | 'unknown') => ({
    id: status,
    title: status,
    status,
    explanation: '',
    findings: [],
    checks: [],
  });
  it('counts only done items', () => {
    expect(
      labProgress([item('done'), item('todo'), item('unknown'), item('done'), item('todo'), item('todo')]),
    ).toEqual({ done: 2, total: 6, text: '2 of 6 done' });
  });
});
