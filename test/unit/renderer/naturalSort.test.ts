import { describe, expect, it } from 'vitest';
import { compareNatural, sortNatural } from '../../../src/renderer/src/model/naturalSort';

const collator = new Intl.Collator('en', { numeric: true });

/** A seeded generator, so a failure names the strings it found and repeats. */
function randomStrings(seed: number, count: number, alphabet: string, maxLength: number): string[] {
  let s = seed;
  const next = () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
  return Array.from({ length: count }, () => {
    const length = Math.floor(next() * maxLength);
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  });
}

describe('compareNatural', () => {
  it('orders digit runs by value', () => {
    expect(sortNatural(['role-10', 'role-2', 'role-1', 'role-02b'], (n) => n)).toEqual([
      'role-1',
      'role-2',
      'role-02b',
      'role-10',
    ]);
    expect(sortNatural(['KEY_1120', 'KEY_280', 'KEY_3'], (n) => n)).toEqual(['KEY_3', 'KEY_280', 'KEY_1120']);
  });

  it('agrees with Intl.Collator numeric on every pair it does not call equal', () => {
    // Letters of both cases, digits (with zeros), and the punctuation IAM and SSM names use.
    const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
    const names = [
      ...randomStrings(7, 300, 'aAbBzZ0019 _-.+=,@/:~Ééß', 9),
      ...randomStrings(11, 300, printable, 6),
      ...randomStrings(13, 200, 'ab0123456789-', 12),
    ];
    const disagreements: string[] = [];
    for (const a of names)
      for (const b of names) {
        const ours = Math.sign(compareNatural(a, b));
        const theirs = Math.sign(collator.compare(a, b));
        if (theirs !== 0 && ours !== theirs) disagreements.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
        if (a !== b && ours === 0) disagreements.push(`${JSON.stringify(a)} = ${JSON.stringify(b)}`);
      }
    expect(disagreements.slice(0, 10)).toEqual([]);
  });

  it('is a total order: antisymmetric, and ties broken the same way whatever the input order', () => {
    const names = ['Role', 'role', 'ROLE', 'role-01', 'role-1', 'rôle'];
    for (const a of names)
      for (const b of names) expect(Math.sign(compareNatural(a, b)) + Math.sign(compareNatural(b, a))).toBe(0);
    const once = sortNatural(names, (n) => n);
    expect(sortNatural([...names].reverse(), (n) => n)).toEqual(once);
  });
});
