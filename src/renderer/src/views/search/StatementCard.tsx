import type { SearchDomainDetail } from '../../../../shared/contract';
import { classificationLabels } from '../../../../shared/search';

type Statement = SearchDomainDetail['statements'][number];

interface Props {
  statement: Statement;
  onRemoveIp: (cidr: string) => void;
  onDrop: () => void;
}

const tones: Readonly<Record<Statement['classification'], string>> = {
  public: 'bad',
  'ip-restricted': 'warn',
  'iam-principals': 'ok',
  'account-wide': 'info',
  'open-but-guarded': 'info',
  conditional: 'warn',
  deny: 'muted',
};

/** A statement is "open" when it lets anyone in with nothing real in the way. */
function isOpen(s: Statement): boolean {
  return s.classification === 'public' || s.sourceRanges.some((r) => r.open || r.negated);
}

function Field({ label, values }: { label: string; values: readonly string[] }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        {values.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          values.map((v) => (
            <code key={v} className="search-value">
              {v}
            </code>
          ))
        )}
      </dd>
    </div>
  );
}

export function StatementCard({ statement: s, onRemoveIp, onDrop }: Props) {
  const name = `Statement ${s.index + 1}${s.sid ? ` (${s.sid})` : ''}`;
  const tone = tones[s.classification];
  return (
    <li className={`search-statement search-statement-${tone}`} aria-label={name}>
      <header className="search-statement-header">
        <h3>{name}</h3>
        <span className={`search-badge search-badge-${tone}`}>{classificationLabels[s.classification]}</span>
        <span className="muted">{s.effect}</span>
      </header>
      <p className="search-explanation">{s.explanation}</p>
      <dl className="facts search-statement-facts">
        <Field label="Principal" values={s.principals} />
        <Field label={s.notAction ? 'All actions except' : 'Actions'} values={s.actions} />
        <Field label="Resource" values={s.resources} />
        <Field label="Conditions" values={s.conditions.map((c) => `${c.operator} ${c.key}: ${c.values.join(', ')}`)} />
      </dl>
      {s.sourceRanges.length > 0 && (
        <ul className="search-ranges" aria-label={`IP entries of ${name}`}>
          {s.sourceRanges.map((r) => (
            <li key={`${r.negated ? '!' : ''}${r.cidr}`}>
              <code>{r.negated ? `not ${r.cidr}` : r.cidr}</code>
              {r.open && <span className="search-badge search-badge-bad">Open to everyone</span>}
              <button
                type="button"
                className="button button-small"
                aria-label={`Remove this IP entry ${r.cidr}`}
                onClick={() => onRemoveIp(r.cidr)}
              >
                Remove this IP entry
              </button>
            </li>
          ))}
        </ul>
      )}
      {isOpen(s) && (
        <button
          type="button"
          className="button button-small button-danger"
          onClick={onDrop}
          aria-label={`Drop this open statement ${s.index + 1}`}
        >
          Drop this open statement
        </button>
      )}
    </li>
  );
}
