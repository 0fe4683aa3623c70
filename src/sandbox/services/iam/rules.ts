/** IAM's parameter constraints, with the patterns AWS quotes in its validation messages. */
import { invalidInput } from '../../errors';
import type { QueryParams, StringRule } from '../../protocols/queryParams';
import type { TagState } from '../../state/document';

const NAME = /[\w+=,.@-]+/;

export const roleNameRule: StringRule = { min: 1, max: 64, pattern: NAME };
export const userNameRule: StringRule = { min: 1, max: 64, pattern: NAME };
export const policyNameRule: StringRule = { min: 1, max: 128, pattern: NAME };
export const instanceProfileNameRule: StringRule = { min: 1, max: 128, pattern: NAME };
export const pathRule: StringRule = { min: 1, max: 512, pattern: /(\u002F)|(\u002F[\u0021-\u007E]+\u002F)/ };
export const pathPrefixRule: StringRule = { min: 1, max: 512, pattern: /\u002F[\u0021-\u007F]*/ };
export const arnRule: StringRule = { min: 20, max: 2048 };
export const policyDocumentRule: StringRule = { min: 1, max: 131072 };
export const descriptionRule: StringRule = { max: 1000 };
export const accessKeyIdRule: StringRule = { min: 16, max: 128, pattern: /[\w]+/ };
export const versionIdRule: StringRule = { pattern: /v[1-9][0-9]*(\.[A-Za-z0-9-]*)?/ };
const markerRule: StringRule = { min: 1, max: 320, pattern: /[\u0020-\u00FF]+/ };

export interface Paging {
  readonly maxItems: number | undefined;
  readonly marker: string | undefined;
}

export function readPaging(params: QueryParams): Paging {
  return { maxItems: params.integer('MaxItems', { min: 1, max: 1000 }), marker: params.string('Marker', markerRule) };
}

const MAX_TAGS = 50;

export function readTags(params: QueryParams): TagState[] {
  const tags = params.structList('Tags').map((entry) => {
    const key = entry['Key'];
    const value = entry['Value'] ?? '';
    if (key === undefined || key.length < 1 || key.length > 128) {
      throw invalidInput('Tag keys must be between 1 and 128 characters long.');
    }
    if (value.length > 256) throw invalidInput('Tag values must be no longer than 256 characters.');
    return { key, value };
  });
  if (tags.length > MAX_TAGS) throw invalidInput(`Cannot exceed quota for TagsPerEntity: ${MAX_TAGS}.`);
  const keys = new Set(tags.map((tag) => tag.key.toLowerCase()));
  if (keys.size !== tags.length)
    throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
  return tags;
}

/** ARNs are checked for shape first so a typo says "not valid" rather than "not found", as AWS does. */
export function requireArnShape(arn: string): void {
  if (!/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/.+$/.test(arn)) throw invalidInput(`ARN ${arn} is not valid.`);
}
