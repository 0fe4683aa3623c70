/**
 * Filtering long tables on every keystroke. Each row's search text is
 * lower-cased once (by the caller, per snapshot), so a keystroke is one pass
 * of `includes` and no allocation per row. When the query only narrows the
 * previous one (more letters, more words), the pass runs over the previous
 * matches instead of every row.
 */

/** The lower-cased words of a filter query; a row matches when its text contains every one. */
export function queryWords(query: string): string[] {
  return query.trim().toLowerCase().split(/\s+/).filter(Boolean);
}

/** True when everything matching `next` also matches `previous`: each old word is inside some new word. */
function narrows(previous: readonly string[], next: readonly string[]): boolean {
  return previous.every((old) => next.some((word) => word.includes(old)));
}

export type RowFilter<T> = (query: string) => readonly T[];

/**
 * A filter over `rows` (kept in their order) by `text(row)`, which must
 * already be lower case. The returned function remembers its last answer;
 * an empty query answers `rows` itself.
 */
export function createRowFilter<T>(rows: readonly T[], text: (row: T) => string): RowFilter<T> {
  let last: { words: string[]; matches: readonly T[] } = { words: [], matches: rows };
  return (query) => {
    const words = queryWords(query);
    if (words.length === 0) return rows;
    if (words.length === last.words.length && words.every((w, i) => w === last.words[i])) return last.matches;
    const from = narrows(last.words, words) ? last.matches : rows;
    const matches: T[] = [];
    for (const row of from) {
      const haystack = text(row);
      let all = true;
      for (const word of words)
        if (!haystack.includes(word)) {
          all = false;
          break;
        }
      if (all) matches.push(row);
    }
    last = { words, matches };
    return matches;
  };
}
