/**
 * "Export CSV" for the Parameters view: the listing's metadata only (name,
 * type, version, last modified). Values are never part of it, not even the
 * String ones already on screen: an export is a file that travels, and a
 * column that is sometimes a secret is a leak waiting for a type change.
 */
import type { ParameterSummary } from '../../../../shared/contract';
import { saveFile } from '../../components/saveFile';

const COLUMNS = ['Name', 'Type', 'Version', 'Last modified'] as const;

/** One CSV field: quoted when it must be, and never read as a formula by a spreadsheet. */
function field(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function parametersCsv(parameters: readonly ParameterSummary[]): string {
  const rows = parameters.map((p) => [p.name, p.type, String(p.version), p.lastModified ?? '']);
  return [COLUMNS, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

export function ParametersExport({ parameters }: { parameters: readonly ParameterSummary[] }) {
  const stamp = () => new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  return (
    <button
      type="button"
      className="button"
      disabled={parameters.length === 0}
      title="Names, types, versions and dates; never values"
      onClick={() => saveFile(parametersCsv(parameters), `parameters-${stamp()}.csv`, 'text/csv;charset=utf-8')}
    >
      Export CSV
    </button>
  );
}
