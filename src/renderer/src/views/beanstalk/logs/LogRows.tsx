/**
 * The two kinds of row the log viewer scrolls: a file's heading (collapse,
 * line count, copy) and one line of text with its severity and search marks.
 * Severity shows as a sign and in words for screen readers, never by colour alone.
 */
import { memo, type ReactNode } from 'react';
import { CopyButton } from '../../../components/CopyButton';
import { matchesOnLine } from '../../../model/logSearch';
import { lineCountOf, lineSeverity, lineText, plural, type IndexedFile } from '../../../model/logText';
import { formatSize } from '../../../model/size';

/** Past this a line is cut on screen (search, copy and save still have it whole). */
const MAX_SHOWN_CHARS = 10_000;

interface HeaderProps {
  file: IndexedFile;
  collapsed: boolean;
  showInstance: boolean;
  onToggle(key: string): void;
}

export const FileHeaderRow = memo(function FileHeaderRow({ file, collapsed, showInstance, onToggle }: HeaderProps) {
  const lines = lineCountOf(file);
  return (
    <div className="log-file-header">
      <div role="heading" aria-level={3} className="log-file-heading">
        <button type="button" className="log-file-toggle" aria-expanded={!collapsed} onClick={() => onToggle(file.key)}>
          <span className="log-caret" aria-hidden="true">
            {collapsed ? '▸' : '▾'}
          </span>
          <span className="log-file-path">{file.path}</span>
        </button>
      </div>
      <span className="muted log-file-meta">
        {plural(lines, 'line')} · {formatSize(file.bytes)}
        {showInstance && ` · ${file.instanceId}`}
      </span>
      <CopyButton text={file.text} what={file.path} />
    </div>
  );
});

interface LineProps {
  file: IndexedFile;
  line: number;
  /** The file's kept match offsets, sorted; empty when there is no search. */
  matchOffsets: readonly number[];
  queryLength: number;
  /** Offset of the current match when it is in this file, else -1. */
  currentOffset: number;
}

const SEVERITY_WORDS = { error: 'Error: ', warn: 'Warning: ' } as const;
const SEVERITY_SIGNS = { error: '✖', warn: '▲' } as const;

export const LineRow = memo(function LineRow({ file, line, matchOffsets, queryLength, currentOffset }: LineProps) {
  const full = lineText(file, line);
  const shown = full.length > MAX_SHOWN_CHARS ? full.slice(0, MAX_SHOWN_CHARS) : full;
  const severity = lineSeverity(shown);
  const start = file.lineStarts[line] ?? 0;
  const marks = matchOffsets.length ? matchesOnLine(matchOffsets, start, start + shown.length, queryLength) : [];
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [from, to] of marks) {
    if (from > at) parts.push(shown.slice(at, from));
    const current = start + from === currentOffset;
    parts.push(
      <mark
        key={from}
        className={current ? 'log-mark log-mark-current' : 'log-mark'}
        data-current={current || undefined}
      >
        {shown.slice(from, to)}
      </mark>,
    );
    at = to;
  }
  if (at < shown.length) parts.push(shown.slice(at));
  return (
    <div className={severity ? `log-line log-line-${severity}` : 'log-line'}>
      <span className="log-lead" aria-hidden="true">
        <span className="log-gutter">{line + 1}</span>
        <span className="log-sign">{severity ? SEVERITY_SIGNS[severity] : ''}</span>
      </span>
      <span className="log-text">
        {severity && <span className="sr-only">{SEVERITY_WORDS[severity]}</span>}
        {parts}
        {full.length > shown.length && (
          <span className="muted"> … {plural(full.length - shown.length, 'more character')}</span>
        )}
      </span>
    </div>
  );
});
