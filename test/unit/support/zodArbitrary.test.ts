import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channels, contract } from '../../../src/shared/contract';
import { arbitraryFor, UnsupportedSchemaError } from '../../support/zodArbitrary';

const samples = (schema: z.ZodType, n = 200, seed = 7) => fc.sample(arbitraryFor(schema), { numRuns: n, seed });

describe('arbitraryFor', () => {
  it.each([
    ['bounded string', z.string().min(3).max(5)],
    [
      'regex string with a length cap',
      z
        .string()
        .max(12)
        .regex(/^[a-z][a-z0-9-]{2,27}$/),
    ],
    ['uuid', z.string().uuid()],
    ['prefix', z.string().startsWith('arn:')],
    ['int range', z.number().int().min(1).max(65535)],
    ['positive double', z.number().positive()],
    ['exclusive int bounds', z.number().int().gt(0).lt(3)],
    ['enum and literal', z.object({ a: z.enum(['x', 'y']), b: z.literal(3) })],
    ['strict object with optional fields', z.object({ a: z.string(), b: z.boolean().optional() }).strict()],
    ['defaults and nullables', z.object({ n: z.number().int().default(4), s: z.string().nullable() })],
    ['bounded array', z.array(z.string().uuid()).min(2).max(4)],
    ['record', z.record(z.string().regex(/^[a-z]{1,5}$/), z.array(z.string()).max(2))],
    [
      'discriminated union',
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('a'), port: z.number().int().min(1).max(65535) }),
        z.object({ kind: z.literal('b'), cidr: z.string().regex(/^\d+\.\d+\.\d+\.\d+\/\d+$/) }),
      ]),
    ],
  ])('generates only valid values for a %s', (_name, schema) => {
    const values = samples(schema);
    const invalid = values.filter((v) => !schema.safeParse(v).success);
    expect(invalid).toEqual([]);
  });

  it('leaves optional keys out sometimes and puts them in sometimes', () => {
    const values = samples(z.object({ a: z.string().optional() }).strict()) as { a?: string }[];
    expect(values.some((v) => !('a' in v))).toBe(true);
    expect(values.some((v) => typeof v.a === 'string')).toBe(true);
  });

  it('covers every branch of a union and every enum member', () => {
    const values = samples(z.union([z.literal('x'), z.enum(['y', 'z'])]), 300);
    expect(new Set(values)).toEqual(new Set(['x', 'y', 'z']));
  });

  it('uses an override for the schema it replaces, wherever it sits', () => {
    const target = z.object({ profile: z.string() });
    const schema = z.object({ target, nested: z.array(target).min(1).max(1) });
    const fixed = { profile: 'fuzz' };
    const values = fc.sample(arbitraryFor(schema, { overrides: new Map([[target, fc.constant(fixed)]]) }), 20);
    for (const v of values as { target: unknown; nested: unknown[] }[]) {
      expect(v.target).toEqual(fixed);
      expect(v.nested).toEqual([fixed]);
    }
  });

  it('names the zod type it cannot generate', () => {
    expect(() => arbitraryFor(z.map(z.string(), z.string()))).toThrow(UnsupportedSchemaError);
    expect(() => arbitraryFor(z.map(z.string(), z.string()))).toThrow(/"map"/);
  });

  it('reads every input schema of the IPC contract, and most of what it makes is valid', () => {
    let valid = 0;
    let total = 0;
    const neverValid: string[] = [];
    for (const channel of channels) {
      const schema = contract[channel].input;
      const values = samples(schema, 60);
      const ok = values.filter((v) => schema.safeParse(v).success).length;
      if (ok === 0) neverValid.push(channel);
      valid += ok;
      total += values.length;
    }
    expect(neverValid).toEqual([]);
    // Refinements (e.g. "exactly one of solutionStackName or platformArn") cannot be read, so not all pass.
    expect(valid / total).toBeGreaterThan(0.8);
  });
});
