/**
 * Every rule family the Doctor runs, in catalogue order. A family is added
 * here and nowhere else; the catalogue test checks that F1–F16 are each
 * owned by exactly one family.
 */
import type { RunnableFamily } from '../types';
import { accessKeysFamily } from './accessKeys';
import { bundleFamily } from './bundle';
import { environmentPropertiesFamily } from './environmentProperties';
import { environmentRolesFamily } from './environmentRoles';
import { instanceRoleFamily } from './instanceRole';
import { networkFamily } from './network';
import { deployerPermissionsFamily, explainAccessDenied } from './permissions';
import { searchDomainsFamily } from './searchDomains';

export const RULE_FAMILIES: readonly RunnableFamily[] = [
  deployerPermissionsFamily,
  bundleFamily,
  networkFamily,
  instanceRoleFamily,
  environmentPropertiesFamily,
  searchDomainsFamily,
  accessKeysFamily,
  environmentRolesFamily,
];

export { explainAccessDenied };
