/** STS's parameter constraints, with the patterns AWS quotes in its validation messages. */
import type { StringRule } from '../../protocols/queryParams';

export const roleArnRule: StringRule = { min: 20, max: 2048 };
export const roleSessionNameRule: StringRule = { min: 2, max: 64, pattern: /[\w+=,.@-]*/ };
export const externalIdRule: StringRule = { min: 2, max: 1224, pattern: /[\w+=,.@:/-]*/ };
export const serialNumberRule: StringRule = { min: 9, max: 256, pattern: /[\w+=/:,.@-]*/ };
export const tokenCodeRule: StringRule = { min: 6, max: 6, pattern: /[\d]*/ };

/** AssumeRole accepts 15 minutes to 12 hours; the role's MaxSessionDuration narrows it. */
export const assumeRoleDurationRule = { min: 900, max: 43200 } as const;
/** GetSessionToken accepts 15 minutes to 36 hours. */
export const sessionTokenDurationRule = { min: 900, max: 129600 } as const;

export const DEFAULT_ROLE_SESSION_SECONDS = 3600;
export const DEFAULT_SESSION_TOKEN_SECONDS = 43200;
/** Role chaining caps a session at one hour whatever the role allows. */
export const CHAINED_SESSION_MAX_SECONDS = 3600;
/** AWS gives the account's root user one hour at most from GetSessionToken. */
export const ROOT_SESSION_MAX_SECONDS = 3600;
