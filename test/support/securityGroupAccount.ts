/** A large account sized for paging security groups: over a thousand groups, everything else small. */
export const SECURITY_GROUP_SCALE = {
  roles: 5,
  users: 2,
  applications: 3,
  environments: 6,
  events: 0,
  parameters: 0,
  domains: 0,
  dbInstances: 12,
} as const;
