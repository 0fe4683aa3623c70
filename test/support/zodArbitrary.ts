/**
 * fast-check arbitraries from zod v4 schemas, read through `_zod.def` (zod-fast-check
 * only knows zod 3). The values are valid in shape: types, literals, enums, lengths,
 * number bounds, regex and uuid formats are honoured; `.refine()` checks cannot be
 * read, so a value may still fail those. Callers that need an oracle parse the value
 * with the schema itself rather than trusting the generator.
 */
import fc from 'fast-check';
import type { z } from 'zod';

type Schema = z.core.$ZodType;
type Def = z.core.$ZodTypes['_zod']['def'];

export interface ArbitraryOptions {
  /** Replace the generator of one schema (by identity), e.g. to aim targets at a profile that exists. */
  overrides?: ReadonlyMap<Schema, fc.Arbitrary<unknown>>;
  /** Arrays and records get at most this many items unless the schema needs more (default 3). */
  maxItems?: number;
}

export class UnsupportedSchemaError extends Error {
  constructor(type: string) {
    super(`zodArbitrary cannot generate values for a zod "${type}" schema`);
  }
}

interface StringBounds {
  min: number;
  max: number;
  pattern?: RegExp;
  prefix?: string;
  uuid: boolean;
}

interface LengthCheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  length?: number;
  format?: string;
  pattern?: RegExp;
  prefix?: string;
  value?: number | bigint | Date;
  inclusive?: boolean;
}

function checkDefs(def: { checks?: readonly z.core.$ZodCheck<never>[] }): LengthCheckDef[] {
  return (def.checks ?? []).map((c) => c._zod.def as LengthCheckDef);
}

function lengthBounds(checks: readonly LengthCheckDef[]): { min: number; max: number } {
  let min = 0;
  let max = Number.MAX_SAFE_INTEGER;
  for (const c of checks) {
    if (c.check === 'min_length' && c.minimum !== undefined) min = Math.max(min, c.minimum);
    if (c.check === 'max_length' && c.maximum !== undefined) max = Math.min(max, c.maximum);
    if (c.check === 'length_equals' && c.length !== undefined) [min, max] = [c.length, c.length];
  }
  return { min, max };
}

function stringBounds(checks: readonly LengthCheckDef[]): StringBounds {
  const bounds: StringBounds = { ...lengthBounds(checks), uuid: false };
  for (const c of checks) {
    if (c.check !== 'string_format') continue;
    if (c.format === 'uuid' || c.format === 'guid') bounds.uuid = true;
    else if (c.format === 'starts_with' && c.prefix !== undefined) bounds.prefix = c.prefix;
    // Only the first pattern drives generation; any further one is left to the caller's oracle.
    else if (c.pattern && !bounds.pattern) bounds.pattern = c.pattern;
  }
  return bounds;
}

function stringArbitrary(b: StringBounds): fc.Arbitrary<string> {
  if (b.uuid) return fc.uuid();
  const fits = (s: string) => s.length >= b.min && s.length <= b.max;
  if (b.pattern) {
    // Most name patterns are unbounded while their schemas cap the length, so matches are kept short.
    return fc.stringMatching(b.pattern, { size: 'small' }).filter(fits);
  }
  const prefix = b.prefix ?? '';
  const min = Math.max(0, b.min - prefix.length);
  const max = Math.max(min, Math.min(b.max - prefix.length, min + 24));
  // zod counts UTF-16 code units, so non-ASCII text is kept only when it still fits.
  const unicode = fc.string({ minLength: min, maxLength: max, unit: 'grapheme' }).filter((s) => fits(prefix + s));
  return fc.oneof(fc.string({ minLength: min, maxLength: max }), unicode).map((s) => prefix + s);
}

function numberArbitrary(checks: readonly LengthCheckDef[]): fc.Arbitrary<number> {
  let min = -1_000_000;
  let max = 1_000_000;
  let minExcluded = false;
  let maxExcluded = false;
  let integer = false;
  for (const c of checks) {
    const value = typeof c.value === 'number' ? c.value : undefined;
    if (c.check === 'greater_than' && value !== undefined) [min, minExcluded] = [value, !c.inclusive];
    if (c.check === 'less_than' && value !== undefined) [max, maxExcluded] = [value, !c.inclusive];
    if (c.check === 'number_format') integer = true;
  }
  if (integer) {
    const lo = minExcluded ? Math.floor(min) + 1 : Math.ceil(min);
    const hi = maxExcluded ? Math.ceil(max) - 1 : Math.floor(max);
    return fc.integer({ min: lo, max: Math.max(lo, hi) });
  }
  return fc.double({ min, max, minExcluded, maxExcluded, noNaN: true });
}

/** Every value arbitrary for `schema`, or UnsupportedSchemaError naming the first zod type it cannot read. */
export function arbitraryFor(schema: Schema, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const maxItems = options.maxItems ?? 3;
  const seen = new Map<Schema, fc.Arbitrary<unknown>>();

  function build(s: Schema): fc.Arbitrary<unknown> {
    const override = options.overrides?.get(s);
    if (override) return override;
    const cached = seen.get(s);
    if (cached) return cached;
    const def = s._zod.def as Def;
    // Lazy and recursive schemas resolve on first use, so a self-reference does not loop here.
    const arb = def.type === 'lazy' ? fc.constant(null).chain(() => build(def.getter())) : fromDef(def);
    seen.set(s, arb);
    return arb;
  }

  function fromDef(def: Def): fc.Arbitrary<unknown> {
    switch (def.type) {
      case 'string': {
        // Format schemas (z.iso.datetime(), z.uuid()) carry their pattern on the def itself, not in a check.
        const own = def as { format?: string; pattern?: RegExp };
        const formatCheck = own.pattern ? [{ check: 'string_format', format: own.format, pattern: own.pattern }] : [];
        return stringArbitrary(stringBounds([...formatCheck, ...checkDefs(def)]));
      }
      case 'number':
        return numberArbitrary(checkDefs(def));
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'undefined':
      case 'void':
        return fc.constant(undefined);
      case 'literal':
        return fc.constantFrom(...def.values);
      case 'enum':
        return fc.constantFrom(...Object.values(def.entries));
      case 'unknown':
      case 'any':
        return fc.jsonValue({ maxDepth: 2 });
      case 'optional':
        return fc.option(build(def.innerType), { nil: undefined });
      case 'nullable':
        return fc.option(build(def.innerType), { nil: null });
      case 'default':
      case 'prefault':
        return fc.option(build(def.innerType), { nil: undefined });
      case 'readonly':
      case 'nonoptional':
      case 'catch':
        return build(def.innerType);
      case 'pipe':
        return build(def.in);
      case 'union':
        return fc.oneof(...def.options.map((o) => build(o)));
      case 'tuple':
        return fc.tuple(...def.items.map((i) => build(i)));
      case 'array': {
        const { min, max } = lengthBounds(checkDefs(def));
        return fc.array(build(def.element), { minLength: min, maxLength: Math.max(min, Math.min(max, maxItems)) });
      }
      case 'record': {
        const { min } = lengthBounds(checkDefs(def));
        return fc.dictionary(build(def.keyType) as fc.Arbitrary<string>, build(def.valueType), {
          minKeys: min,
          maxKeys: Math.max(min, maxItems),
          noNullPrototype: true,
        });
      }
      case 'object': {
        const shape = def.shape as Record<string, Schema>;
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        const requiredKeys: string[] = [];
        for (const [key, field] of Object.entries(shape)) {
          // An optional field is generated present or absent; present, it holds a value of its inner type.
          const optional = field._zod.optin === 'optional';
          const inner = field._zod.def as Def;
          model[key] =
            optional && (inner.type === 'optional' || inner.type === 'default') ? build(inner.innerType) : build(field);
          if (!optional) requiredKeys.push(key);
        }
        return fc.record(model, { requiredKeys, noNullPrototype: true });
      }
      default:
        throw new UnsupportedSchemaError(def.type);
    }
  }

  return build(schema);
}
