import type { LabItem } from '../../../../shared/contract';

export const labStatusWords: Record<LabItem['status'], { icon: string; text: string }> = {
  done: { icon: '✓', text: 'Done' },
  todo: { icon: '○', text: 'To do' },
  unknown: { icon: '?', text: 'Unknown' },
};

/** "n of m done", and the share for the progress bar. */
export function labProgress(items: readonly LabItem[]): { done: number; total: number; text: string } {
  const done = items.filter((i) => i.status === 'done').length;
  return { done, total: items.length, text: `${done} of ${items.length} done` };
}
