/**
 * The two roles an environment runs with, from the account's own facts: the
 * options when they name them, else the instance profile its running
 * instances carry, and only then Elastic Beanstalk's default names. An
 * environment whose options say nothing but whose instances run with
 * `web-profile` is judged on `web-profile`, not on the default.
 */
import type { EnvironmentDetail } from '../facts';
import { environmentRoleOptions, type EnvironmentRoleOptions } from '../iam/environmentPrincipals';
import { environmentInstanceProfile } from './options';

export function runtimeRoles(detail: Pick<EnvironmentDetail, 'options' | 'instances'>): EnvironmentRoleOptions {
  const roles = environmentRoleOptions(detail.options);
  if (roles.instanceProfile.optionValue !== undefined) return roles;
  const profile = environmentInstanceProfile(detail);
  return profile.source === 'instances' ? { ...roles, instanceProfile: { name: profile.name } } : roles;
}
