/**
 * Seeded numbers for metric samples. A week of one-minute samples for twenty
 * instances is two hundred thousand draws, so a series hashes its id once
 * (`seriesSeed`) and each minute mixes only an integer into it.
 */

export const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** FNV-1a over the string: a stable 32-bit seed for one series. */
export function seriesSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A number in [0, 1) fixed by the series seed and the minute (murmur3's finaliser). */
export function noiseAt(seed: number, minute: number): number {
  let h = (seed ^ Math.imul(minute | 0, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Noise centred on 1: `1 ± spread`. */
export function jitter(seed: number, minute: number, spread: number): number {
  return 1 + (noiseAt(seed, minute) * 2 - 1) * spread;
}

/**
 * Visitors over a UTC day: quiet around 03:00, busiest mid-afternoon, a
 * factor between about 0.25 and 1.
 */
export function dailyTraffic(at: number): number {
  const hour = (((at % DAY_MS) + DAY_MS) % DAY_MS) / (60 * MINUTE_MS);
  return 0.625 + 0.375 * Math.sin(((hour - 9) / 24) * 2 * Math.PI);
}
