/**
 * The large account's only source of chance: mulberry32, a 32-bit seeded
 * generator, so the same seed and sizes give the same account on every
 * machine (benchmarks compare like with like). Ids end in a counter, so they
 * are unique by construction, not by luck.
 */

const HEX = '0123456789abcdef';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const IAM_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export class SeededRandom {
  private state: number;
  private counter = 0;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** `count` distinct items (all of them when there are fewer), in a random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const taken: T[] = [];
    while (taken.length < count && pool.length > 0) {
      const index = Math.floor(this.next() * pool.length);
      taken.push(pool[index] as T);
      pool[index] = pool[pool.length - 1] as T;
      pool.pop();
    }
    return taken;
  }

  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet.charAt(Math.floor(this.next() * alphabet.length));
    return out;
  }

  /** A counter shared by every id this generator makes, so no two ids can be equal. */
  private serial(width: number, alphabet: string): string {
    let n = (this.counter += 1);
    let out = '';
    for (let i = 0; i < width; i += 1) {
      out = alphabet.charAt(n % alphabet.length) + out;
      n = Math.floor(n / alphabet.length);
    }
    return out;
  }

  /** `sg-`, `vpc-`, `subnet-`, `i-` and 17 hex digits. */
  ec2Id(prefix: string): string {
    return `${prefix}-0${this.chars(10, HEX)}${this.serial(6, HEX)}`;
  }

  /** IAM unique ids: AROA, AIDA, ANPA, AIPA and 17 more. */
  iamId(prefix: 'AROA' | 'AIDA' | 'ANPA' | 'AIPA'): string {
    return `${prefix}${this.chars(12, IAM_ID_ALPHABET)}${this.serial(5, IAM_ID_ALPHABET)}`;
  }

  accessKeyId(): string {
    return `AKIA${this.chars(11, KEY_ALPHABET)}${this.serial(5, KEY_ALPHABET)}`;
  }

  lowerId(length: number): string {
    return `${this.chars(length - 4, LOWER_ALNUM)}${this.serial(4, LOWER_ALNUM)}`;
  }
}
