/**
 * Typed reads of one decoded request, whatever protocol carried it: awsQuery
 * leaves every leaf a string, CBOR sends numbers and Dates, JSON epoch
 * seconds. A wrong value is refused with CloudWatch's codes and wording.
 */
import { AwsError } from '../../errors';
import type { MetricDimension } from '../../simulation/metrics/types';

export type Input = Readonly<Record<string, unknown>>;

export const invalidValue = (message: string): AwsError => new AwsError('InvalidParameterValue', message, 400);
export const invalidCombination = (message: string): AwsError =>
  new AwsError('InvalidParameterCombination', message, 400);
export const missing = (name: string): AwsError =>
  new AwsError('MissingParameter', `The parameter ${name} is required.`, 400);

function badValue(name: string, value: unknown): AwsError {
  return invalidValue(`The value ${String(value)} for parameter ${name} is not valid.`);
}

export function isInput(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function optionalString(input: Input, name: string, path = name): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badValue(path, value);
  return value;
}

export function requiredString(input: Input, name: string, path = name): string {
  const value = optionalString(input, name, path);
  if (value === undefined || value === '') throw missing(path);
  return value;
}

export function optionalNumber(input: Input, name: string, path = name): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) throw badValue(path, value);
  return number;
}

export function optionalInteger(input: Input, name: string, path = name): number | undefined {
  const value = optionalNumber(input, name, path);
  if (value !== undefined && !Number.isInteger(value)) throw badValue(path, value);
  return value;
}

export function requiredNumber(input: Input, name: string, path = name): number {
  const value = optionalNumber(input, name, path);
  if (value === undefined) throw missing(path);
  return value;
}

export function optionalBoolean(input: Input, name: string, path = name): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw badValue(path, value);
}

/** Timestamps: a Date (CBOR), epoch seconds (JSON), or ISO 8601 / epoch seconds text (query). */
export function optionalDate(input: Input, name: string, path = name): Date | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  let date: Date | undefined;
  if (value instanceof Date) date = value;
  else if (typeof value === 'number') date = new Date(value * 1000);
  else if (typeof value === 'string')
    date = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  if (date === undefined || Number.isNaN(date.getTime())) throw badValue(path, value);
  return date;
}

export function requiredDate(input: Input, name: string, path = name): Date {
  const value = optionalDate(input, name, path);
  if (value === undefined) throw missing(path);
  return value;
}

export function optionalList(input: Input, name: string, path = name): readonly unknown[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw badValue(path, value);
  return value;
}

export function stringList(input: Input, name: string, path = name): string[] {
  return (optionalList(input, name, path) ?? []).map((entry, index) => {
    if (typeof entry !== 'string') throw badValue(`${path}.member.${index + 1}`, entry);
    return entry;
  });
}

export function optionalStruct(input: Input, name: string, path = name): Input | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!isInput(value)) throw badValue(path, value);
  return value;
}

export const MAX_DIMENSIONS = 30;

/** Dimensions sorted by name, as MetricId keeps them; a value is required unless `valueOptional` (ListMetrics filters). */
export function dimensions(
  input: Input,
  name: string,
  path = name,
  valueOptional = false,
): Array<{ name: string; value: string | undefined }> {
  const list = optionalList(input, name, path) ?? [];
  if (list.length > MAX_DIMENSIONS)
    throw invalidValue(`The collection ${path} must not have a size greater than ${MAX_DIMENSIONS}.`);
  return list
    .map((entry, index) => {
      const at = `${path}.member.${index + 1}`;
      if (!isInput(entry)) throw badValue(at, entry);
      const dimensionName = requiredString(entry, 'Name', `${at}.Name`);
      const value = valueOptional
        ? optionalString(entry, 'Value', `${at}.Value`)
        : requiredString(entry, 'Value', `${at}.Value`);
      return { name: dimensionName, value };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function exactDimensions(input: Input, name: string, path = name): MetricDimension[] {
  return dimensions(input, name, path).map((d) => ({ name: d.name, value: d.value ?? '' }));
}
