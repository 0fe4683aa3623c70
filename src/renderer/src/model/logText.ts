/**
 * Instance log text as the viewer reads it: which lines are errors or
 * warnings, line offsets built once per file, the flattened row list (a
 * header per file, then its lines) that one virtualizer scrolls, and the
 * text a copy or a saved file holds. Pure, so a 50 MiB bundle's worth is
 * tested without a browser; the long loops are generators that the caller
 * runs in slices (see logSearch.ts).
 */
import type { InstanceLogs, LogInfoType } from '../../../shared/contract';

export type LineSeverity = 'error' | 'warn';

// Python's logging and tracebacks, exception class names (KeyError, NoRegionError, OperationalError),
// and the Apache/nginx level tags ([error], [wsgi:error], [crit]).
const ERROR_LINE =
  /\b(?:ERROR|CRITICAL|FATAL|EMERG(?:ENCY)?|ALERT)\b|Traceback \(most recent call last\)|\b[A-Z]\w*(?:Error|Exception)\b|\[(?:\w*:)?(?:error|crit|alert|emerg)\]/;
const WARN_LINE = /\bWARN(?:ING)?\b|\[(?:\w*:)?warn(?:ing)?\]/;

/** How the viewer marks a line; undefined for ordinary lines. */
export function lineSeverity(line: string): LineSeverity | undefined {
  if (ERROR_LINE.test(line)) return 'error';
  if (WARN_LINE.test(line)) return 'warn';
  return undefined;
}

/** One file of one instance, with where each of its lines starts. */
export interface IndexedFile {
  /** `instanceId path`: unique across the result. */
  key: string;
  instanceId: string;
  path: string;
  text: string;
  /** UTF-8 size as main measured it. */
  bytes: number;
  /** lineStarts[i] is the offset of line i; a final newline does not start a line. */
  lineStarts: number[];
}

/** How many lines are indexed between yields; small enough that a slice stays well under a frame. */
const LINES_PER_STEP = 20_000;

/** Builds a file's line offsets, yielding now and then so a 50 MiB file never blocks for long. */
export function* indexLines(text: string): Generator<void, number[]> {
  const starts: number[] = text.length > 0 ? [0] : [];
  let at = text.indexOf('\n');
  let sinceYield = 0;
  while (at !== -1) {
    if (at + 1 < text.length) starts.push(at + 1);
    at = text.indexOf('\n', at + 1);
    if (++sinceYield >= LINES_PER_STEP) {
      sinceYield = 0;
      yield;
    }
  }
  return starts;
}

/** Every file's line offsets, one file after another, yielding inside long files. */
export function* indexFiles(files: readonly Omit<IndexedFile, 'lineStarts'>[]): Generator<void, IndexedFile[]> {
  const out: IndexedFile[] = [];
  for (const f of files) {
    out.push({ ...f, lineStarts: yield* indexLines(f.text) });
    yield;
  }
  return out;
}

export function lineCountOf(file: IndexedFile): number {
  return file.lineStarts.length;
}

/** Line i without its newline (and without a CR from CRLF files). */
export function lineText(file: IndexedFile, i: number): string {
  const start = file.lineStarts[i];
  if (start === undefined) return '';
  const next = file.lineStarts[i + 1];
  let end = next === undefined ? file.text.length : next - 1;
  if (next === undefined && file.text.endsWith('\n')) end = file.text.length - 1;
  if (end > start && file.text.charCodeAt(end - 1) === 13) end--;
  return file.text.slice(start, end);
}

/** The line holding `offset`, by binary search over the line starts. */
export function lineAt(file: IndexedFile, offset: number): number {
  let lo = 0;
  let hi = file.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((file.lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/** The files of a result in viewing order: instance by instance, path by path as main sent them. */
export function filesOf(instances: readonly InstanceLogs[]): Omit<IndexedFile, 'lineStarts'>[] {
  return instances.flatMap((i) =>
    i.files.map((f) => ({
      key: `${i.instanceId} ${f.path}`,
      instanceId: i.instanceId,
      path: f.path,
      text: f.text,
      bytes: f.bytes,
    })),
  );
}

/**
 * The rows one virtualizer scrolls: per file a header row, then its lines
 * unless collapsed. Held as section starts, not row objects, so a
 * million-line bundle costs one number per file.
 */
export interface RowLayout {
  /** Row index of each file's header. */
  sectionStarts: number[];
  total: number;
}

export type Row = { kind: 'header'; file: number } | { kind: 'line'; file: number; line: number };

export function layoutRows(files: readonly IndexedFile[], collapsed: ReadonlySet<string>): RowLayout {
  const sectionStarts: number[] = [];
  let total = 0;
  for (const f of files) {
    sectionStarts.push(total);
    total += 1 + (collapsed.has(f.key) ? 0 : lineCountOf(f));
  }
  return { sectionStarts, total };
}

export function rowAt(layout: RowLayout, index: number): Row {
  let lo = 0;
  let hi = layout.sectionStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((layout.sectionStarts[mid] ?? 0) <= index) lo = mid;
    else hi = mid - 1;
  }
  const offset = index - (layout.sectionStarts[lo] ?? 0);
  return offset === 0 ? { kind: 'header', file: lo } : { kind: 'line', file: lo, line: offset - 1 };
}

/** The row showing line `line` of file `file` (its section must be expanded). */
export function rowOfLine(layout: RowLayout, file: number, line: number): number {
  return (layout.sectionStarts[file] ?? 0) + 1 + line;
}

const BANNER = '-'.repeat(40);

/**
 * The files as EB's own tail text lays them out, so a saved or copied file
 * reads like `eb logs`. Built with `+=`, which V8 keeps as a rope until the
 * text is used, so preparing a 50 MiB copy costs nothing until it is copied.
 */
export function logsAsText(files: readonly Pick<IndexedFile, 'instanceId' | 'path' | 'text'>[]): string {
  const several = new Set(files.map((f) => f.instanceId)).size > 1;
  let out = '';
  let instance: string | undefined;
  for (const f of files) {
    if (several && f.instanceId !== instance) {
      instance = f.instanceId;
      out += `${'='.repeat(16)} ${f.instanceId} ${'='.repeat(16)}\n`;
    }
    out += `${BANNER}\n${f.path}\n${BANNER}\n`;
    out += f.text;
    out += f.text === '' || f.text.endsWith('\n') ? '\n' : '\n\n';
  }
  return out;
}

/** `Bbruceeb2-env-tail-2026-11-22T10-01-02.txt`: sortable, and safe on every file system. */
export function logFileName(environmentName: string, infoType: LogInfoType, at: Date): string {
  const stamp = at.toISOString().slice(0, 19).replace(/:/g, '-');
  const safe = environmentName.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe}-${infoType}-${stamp}.txt`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
