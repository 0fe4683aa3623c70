/**
 * A policy change as the lines it removes and adds, from jsdiff's line diff
 * (Myers' algorithm), numbered so a reader can find each line in the before
 * or after text.
 */
import { diffArrays } from 'diff';
import type { DiffRow } from '../contract/changes';
import { prettyPolicyText } from './policyText';

export interface LineChange {
  change: 'add' | 'remove';
  /** 1-based line number in the text the line comes from (before for removals, after for additions). */
  line: number;
  text: string;
}

const linesOf = (text: string): string[] => (text === '' ? [] : text.split('\n'));

export function lineDiff(before: string, after: string): LineChange[] {
  // diffArrays over split lines rather than diffLines, so a missing final newline is not itself a change.
  const parts = diffArrays(linesOf(before), linesOf(after));
  const changes: LineChange[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const part of parts) {
    for (const text of part.value) {
      if (part.removed) changes.push({ change: 'remove', line: oldLine++, text });
      else if (part.added) changes.push({ change: 'add', line: newLine++, text });
      else {
        oldLine += 1;
        newLine += 1;
      }
    }
  }
  return changes;
}

/** A policy change for a plan's preview: both documents pretty-printed, then the lines removed and added. */
export function policyDiffRows(before: string, after: string): DiffRow[] {
  return lineDiff(prettyPolicyText(before), prettyPolicyText(after)).map((c) =>
    c.change === 'add'
      ? { change: 'add', label: `Line ${c.line}`, after: c.text }
      : { change: 'remove', label: `Line ${c.line}`, before: c.text },
  );
}
