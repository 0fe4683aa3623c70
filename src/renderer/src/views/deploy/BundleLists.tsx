/**
 * A bundle's files at the zip root and its pre-flight checks, as compact
 * lists. The Deploy dialog and the Review change preview both show them, so
 * what was checked is what is reviewed.
 */
import type { PreflightCheck } from '../../../../shared/contract';
import { formatSize } from '../../model/size';
import { checkWords } from './deployForm';

interface FileListProps {
  files: readonly { path: string; size: number }[];
  /** The bundle's whole count; `files` may be capped by main. */
  fileCount: number;
  limit: number;
  label: string;
}

export function BundleFileList({ files, fileCount, limit, label }: FileListProps) {
  const shown = files.slice(0, limit);
  const more = Math.max(0, fileCount - shown.length);
  return (
    <>
      <ul className="bundle-list deploy-files" aria-label={label}>
        {shown.map((file) => (
          <li key={file.path}>
            <code>{file.path}</code>
            <span className="muted">{file.path.endsWith('/') ? 'folder' : formatSize(file.size)}</span>
          </li>
        ))}
      </ul>
      {more > 0 && (
        <p className="muted deploy-more">
          and {more} more file{more === 1 ? '' : 's'}
        </p>
      )}
    </>
  );
}

interface CheckListProps {
  checks: readonly PreflightCheck[];
  label: string;
  /** One line per passing check (title — detail), for the review where space is short. */
  compact?: boolean;
}

export function PreflightCheckList({ checks, label, compact }: CheckListProps) {
  if (checks.length === 0) return <p className="muted">No checks ran.</p>;
  return (
    <ul className={compact ? 'checks checks-compact' : 'checks'} aria-label={label}>
      {checks.map((check) => {
        const words = checkWords[check.status];
        return (
          <li key={check.id} className={`check check-${check.status}`}>
            <span className="check-mark" aria-hidden="true">
              {words.mark}
            </span>
            <span className="check-word">{words.word}</span>
            <div className="check-text">
              <span className="strong">{check.title}</span>
              {check.detail &&
                (compact && check.status === 'pass' ? (
                  <span className="muted"> — {check.detail}</span>
                ) : (
                  <p>{check.detail}</p>
                ))}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
