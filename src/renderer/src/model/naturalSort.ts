/**
 * Natural order for names, as an operator reads them: role-2 < role-10,
 * KEY_280 < KEY_1120. The order is Intl.Collator's with `numeric: true`
 * ('en', so every machine sorts alike); ties fall back to code points, so a
 * sort is the same whatever order the rows came in.
 *
 * The collator alone takes 100–250 ms to sort 20,000 names, a long task
 * on every load and header click. So printable ASCII names, nearly all of
 * them, get a key built from the collator's own primary weights (read from
 * it once, at load) with digit runs by value, and keys compare as plain
 * strings; whatever the keys leave equal, and names with other characters,
 * go to the collator itself.
 */
const collator = new Intl.Collator('en', { numeric: true });

const FIRST = 0x20;
const LAST = 0x7e;

/** Primary weight rank per printable ASCII code (index: code - FIRST); equal ranks are equal to the collator at base strength. */
const ranks: Int32Array = (() => {
  const base = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const chars: string[] = [];
  for (let c = FIRST; c <= LAST; c++) chars.push(String.fromCharCode(c));
  // Letters beside a digit would be read as part of a number; a prefix keeps each one alone.
  chars.sort((a, b) => base.compare(`x${a}`, `x${b}`));
  const out = new Int32Array(LAST - FIRST + 1);
  let rank = 0;
  chars.forEach((ch, i) => {
    if (i > 0 && base.compare(`x${chars[i - 1]!}`, `x${ch}`) !== 0) rank++;
    out[ch.charCodeAt(0) - FIRST] = rank;
  });
  return out;
})();

const isDigit = (code: number) => code >= 48 && code <= 57;
/** Key code of a digit run; every other code is a rank, so a number sorts where the collator puts digits. */
const DIGITS = ranks['0'.charCodeAt(0) - FIRST]!;

/**
 * A key whose code-point order is the collator's order at base strength:
 * each character becomes its rank, and each digit run becomes the digit
 * rank, its length without leading zeros, then those digits. Null for a
 * name with anything but printable ASCII.
 */
export function naturalKey(name: string): string | null {
  const codes: number[] = [];
  for (let i = 0; i < name.length;) {
    const code = name.charCodeAt(i);
    if (code < FIRST || code > LAST) return null;
    if (!isDigit(code)) {
      codes.push(ranks[code - FIRST]!);
      i++;
      continue;
    }
    let end = i;
    while (end < name.length && isDigit(name.charCodeAt(end))) end++;
    let from = i;
    while (from < end - 1 && name.charCodeAt(from) === 48) from++;
    codes.push(DIGITS, end - from);
    for (let k = from; k < end; k++) codes.push(name.charCodeAt(k));
    i = end;
  }
  return String.fromCharCode(...codes);
}

/** Orders two names given their `naturalKey`s, for sorts that compute each key once; ties go to the collator, then to code points. */
export function compareNaturalKeyed(a: string, ka: string | null, b: string, kb: string | null): number {
  if (a === b) return 0;
  if (ka !== null && kb !== null && ka !== kb) return ka < kb ? -1 : 1;
  return collator.compare(a, b) || (a < b ? -1 : 1);
}

/** Natural order (negative, zero or positive): the collator's for any two strings, then code points. */
export function compareNatural(a: string, b: string): number {
  return compareNaturalKeyed(a, naturalKey(a), b, naturalKey(b));
}

/** A copy of `items` in natural order of `name` (reversed for `descending`), each key computed once. */
export function sortNatural<T>(items: readonly T[], name: (item: T) => string, descending = false): T[] {
  const keyed = items.map((item) => {
    const n = name(item);
    return { item, name: n, key: naturalKey(n) };
  });
  const sign = descending ? -1 : 1;
  keyed.sort((x, y) => sign * compareNaturalKeyed(x.name, x.key, y.name, y.key));
  return keyed.map((k) => k.item);
}
