/**
 * EnvironmentHealth's codes (0 OK … 25 Severe) as Elastic Beanstalk names
 * them. Shared so the Doctor's evidence and the Monitoring tab's charts call
 * a code by the same word.
 */

const HEALTH_NAMES: Readonly<Record<number, string>> = {
  0: 'OK',
  1: 'Info',
  5: 'Unknown',
  10: 'No data',
  15: 'Warning',
  20: 'Degraded',
  25: 'Severe',
};

/** A health code as its name; a period's Maximum is always one of the codes, anything else shows as the number. */
export function healthName(value: number): string {
  return HEALTH_NAMES[value] ?? String(value);
}
