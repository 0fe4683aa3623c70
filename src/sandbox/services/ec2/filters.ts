/**
 * EC2 `Filter.N` matching: a resource matches when every filter matches, and
 * a filter matches when any of its values matches any of the resource's
 * values for that name. Values may use EC2's `*` and `?` wildcards.
 */
import { AwsError } from '../../errors';
import type { Ec2Filter } from '../../protocols/ec2Query';
import type { Ec2TagState } from '../../state/networkState';

export type FilterFields<T> = Readonly<Record<string, (resource: T) => readonly string[]>>;

function globToRegExp(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's');
}

function valuesFor<T extends { tags: readonly Ec2TagState[] }>(
  resource: T,
  name: string,
  fields: FilterFields<T>,
): readonly string[] {
  if (name.startsWith('tag:')) {
    const key = name.slice(4);
    return resource.tags.filter((tag) => tag.key === key).map((tag) => tag.value);
  }
  if (name === 'tag-key') return resource.tags.map((tag) => tag.key);
  if (name === 'tag-value') return resource.tags.map((tag) => tag.value);
  const field = fields[name];
  if (!field) throw new AwsError('InvalidParameterValue', `The filter '${name}' is invalid`, 400);
  return field(resource);
}

export function applyFilters<T extends { tags: readonly Ec2TagState[] }>(
  resources: readonly T[],
  filters: readonly Ec2Filter[],
  fields: FilterFields<T>,
): T[] {
  const compiled = filters.map((filter) => ({ name: filter.name, patterns: filter.values.map(globToRegExp) }));
  return resources.filter((resource) =>
    compiled.every(({ name, patterns }) => {
      const values = valuesFor(resource, name, fields);
      return patterns.some((pattern) => values.some((value) => pattern.test(value)));
    }),
  );
}

export function tagSet(tags: readonly Ec2TagState[]): Array<{ key: string; value: string }> {
  return tags.map((tag) => ({ key: tag.key, value: tag.value }));
}
