/**
 * Typed access to awsQuery parameters. Validation failures produce AWS's own
 * `ValidationError` wording ("1 validation error detected: Value 'x' at
 * 'roleName' failed to satisfy constraint: ..."), so clients that match on the
 * message see what they would see against AWS.
 */
import { validationError } from '../errors';

export interface StringRule {
  readonly min?: number;
  readonly max?: number;
  /** Matched against the whole value; its source text appears in the error message. */
  readonly pattern?: RegExp;
}

export interface IntegerRule {
  readonly min?: number;
  readonly max?: number;
}

/** AWS names the offending member in lower camel case (`RoleName` → `roleName`). */
function memberName(param: string): string {
  return param.charAt(0).toLowerCase() + param.slice(1);
}

function constraintError(param: string, value: string | undefined, constraint: string): never {
  const shown = value === undefined ? 'null' : `'${value}'`;
  throw validationError(
    `1 validation error detected: Value ${shown} at '${memberName(param)}' failed to satisfy constraint: ${constraint}`,
  );
}

function fullMatch(pattern: RegExp, value: string): boolean {
  return new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace('g', '')).test(value);
}

const LIST_MEMBER = /^(.+)\.member\.(\d+)(?:\.(.+))?$/;

export class QueryParams {
  private readonly values: ReadonlyMap<string, string>;

  constructor(values: ReadonlyMap<string, string>) {
    this.values = values;
  }

  /** Later sources override earlier ones. */
  static fromSearchParams(...sources: readonly URLSearchParams[]): QueryParams {
    const values = new Map<string, string>();
    for (const source of sources) {
      for (const [key, value] of source) values.set(key, value);
    }
    return new QueryParams(values);
  }

  static fromRecord(record: Readonly<Record<string, string>>): QueryParams {
    return new QueryParams(new Map(Object.entries(record)));
  }

  /** Every parameter name, for protocols whose list encoding is not `.member.N` (ec2Query). */
  names(): string[] {
    return [...this.values.keys()];
  }

  raw(name: string): string | undefined {
    return this.values.get(name);
  }

  string(name: string, rule: StringRule = {}): string | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    if (rule.min !== undefined && value.length < rule.min) {
      constraintError(name, value, `Member must have length greater than or equal to ${rule.min}`);
    }
    if (rule.max !== undefined && value.length > rule.max) {
      constraintError(name, value, `Member must have length less than or equal to ${rule.max}`);
    }
    if (rule.pattern && !fullMatch(rule.pattern, value)) {
      constraintError(name, value, `Member must satisfy regular expression pattern: ${rule.pattern.source}`);
    }
    return value;
  }

  requiredString(name: string, rule: StringRule = {}): string {
    const value = this.string(name, rule);
    if (value === undefined) constraintError(name, undefined, 'Member must not be null');
    return value;
  }

  integer(name: string, rule: IntegerRule = {}): number | undefined {
    const text = this.values.get(name);
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text.trim())) constraintError(name, text, 'Member must be an integer');
    const value = Number(text);
    if (rule.min !== undefined && value < rule.min) {
      constraintError(name, text, `Member must have value greater than or equal to ${rule.min}`);
    }
    if (rule.max !== undefined && value > rule.max) {
      constraintError(name, text, `Member must have value less than or equal to ${rule.max}`);
    }
    return value;
  }

  boolean(name: string): boolean | undefined {
    const text = this.values.get(name);
    if (text === undefined) return undefined;
    const lowered = text.toLowerCase();
    if (lowered !== 'true' && lowered !== 'false') constraintError(name, text, 'Member must be a boolean');
    return lowered === 'true';
  }

  enumValue<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    const match = allowed.find((candidate) => candidate === value);
    if (match === undefined) {
      constraintError(name, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
    }
    return match;
  }

  /** `Name.member.N` values in index order. A bare `Name=` is how botocore sends an empty list. */
  stringList(name: string): string[] {
    const entries: Array<[number, string]> = [];
    for (const [key, value] of this.values) {
      const match = LIST_MEMBER.exec(key);
      if (match && match[1] === name && match[3] === undefined) entries.push([Number(match[2]), value]);
    }
    return entries.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
  }

  /** `Name.member.N.Field` groups in index order, e.g. `Tags.member.1.Key`. */
  structList(name: string): Array<Record<string, string>> {
    const groups = new Map<number, Record<string, string>>();
    for (const [key, value] of this.values) {
      const match = LIST_MEMBER.exec(key);
      if (!match || match[1] !== name || match[3] === undefined) continue;
      const index = Number(match[2]);
      // A null prototype keeps a key such as `__proto__` from reaching Object.prototype.
      const group = groups.get(index) ?? (Object.create(null) as Record<string, string>);
      group[match[3]] = value;
      groups.set(index, group);
    }
    return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, group]) => group);
  }
}
