/** Version labels Trellis proposes: readable, sortable by time, and within EB's rule (1–100 characters, no slash). */

/** `<stem>-<yyyyMMdd-HHmmss>` in UTC, cut to EB's 100 characters. */
export function labelFor(stem: string, at: Date, suffix = 0): string {
  const clean = stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'bundle';
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const tail = `-${stamp}${suffix > 0 ? `-${suffix + 1}` : ''}`;
  return `${clean.slice(0, 100 - tail.length)}${tail}`;
}
