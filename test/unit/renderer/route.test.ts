import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../../src/renderer/src/model/route';
import { targetKey } from '../../../src/renderer/src/model/target';

describe('routes', () => {
  it('parses sections and journal entries, defaulting to IAM', () => {
    expect(parseRoute('')).toEqual({ section: 'iam' });
    expect(parseRoute('#/iam')).toEqual({ section: 'iam' });
    expect(parseRoute('#/journal')).toEqual({ section: 'journal' });
    expect(parseRoute('#/journal/abc-1')).toEqual({ section: 'journal', entryId: 'abc-1' });
    expect(parseRoute('#/nonsense')).toEqual({ section: 'iam' });
  });

  it('round-trips', () => {
    const route = { section: 'journal' as const, entryId: 'e/1' };
    expect(parseRoute(routeHref(route))).toEqual(route);
  });
});

describe('targetKey', () => {
  it('joins profile and region', () => {
    expect(targetKey({ profile: 'sandbox', region: 'us-west-2' })).toBe('sandbox|us-west-2');
  });
});

describe('beanstalk routes', () => {
  it('parses the section and an environment', () => {
    expect(parseRoute('#/beanstalk')).toEqual({ section: 'beanstalk' });
    expect(parseRoute('#/beanstalk/Bbruceeb2-env')).toEqual({ section: 'beanstalk', environmentName: 'Bbruceeb2-env' });
  });

  it('round-trips an environment', () => {
    const route = { section: 'beanstalk' as const, environmentName: 'flask-ssm-demo-prod' };
    expect(routeHref(route)).toBe('#/beanstalk/flask-ssm-demo-prod');
    expect(parseRoute(routeHref(route))).toEqual(route);
  });
});
