/**
 * Identifiers in the shapes AWS uses, so code that sniffs prefixes (AROA for
 * roles, AIDA for users, AKIA for long-term keys) behaves as it would on AWS.
 */
import { randomBytes, randomInt } from 'node:crypto';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomChars(length: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet.charAt(randomInt(alphabet.length));
  return out;
}

export type UniqueIdPrefix = 'AROA' | 'AIDA' | 'AGPA' | 'ANPA' | 'AIPA';

/** IAM unique ids are 21 characters: a 4-letter type prefix and 17 more. */
export function newUniqueId(prefix: UniqueIdPrefix): string {
  return prefix + randomChars(17, ID_ALPHABET);
}

export function newAccessKeyId(): string {
  return 'AKIA' + randomChars(16, ID_ALPHABET);
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** Temporary credentials' key ids start ASIA, so code that tells them from long-term (AKIA) keys works. */
export function newSessionAccessKeyId(): string {
  return 'ASIA' + randomChars(16, ID_ALPHABET);
}

/** Opaque, long, base64: clients only ever echo it back in X-Amz-Security-Token. */
export function newSessionToken(): string {
  return 'IQoJb3JpZ2luX2VjE' + randomBytes(240).toString('base64');
}

const HEX = '0123456789abcdef';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

export type Ec2IdPrefix = 'vpc' | 'subnet' | 'sg' | 'i' | 'r';

/**
 * Current EC2 ids: the resource prefix and 17 hex digits. The long-id format
 * AWS issues begins with 0 (`sg-0ab…`), so new ids sort among existing ones
 * as they do on AWS.
 */
export function newEc2Id(prefix: Ec2IdPrefix): string {
  return `${prefix}-0${randomChars(16, HEX)}`;
}

/** Elastic Beanstalk environment ids: `e-` and ten lower-case letters and digits. */
export function newEnvironmentId(): string {
  return `e-${randomChars(10, LOWER_ALNUM)}`;
}

/** The random label in an environment CNAME, `<name>.<label>.<region>.elasticbeanstalk.com`. */
export function newCnameLabel(): string {
  return randomChars(10, LOWER_ALNUM);
}
