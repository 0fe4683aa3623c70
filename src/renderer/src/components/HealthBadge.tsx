import type { EnvironmentSummary } from '../../../shared/contract';

type Color = EnvironmentSummary['health'];

/** EB's health colour as a dot and the word, so it never depends on colour alone. */
export function HealthBadge({ color, label }: { color: Color | undefined; label?: string }) {
  const word = color ?? 'Unknown';
  return (
    <span className={`health health-${word.toLowerCase()}`} title={label ? `${label}: ${word}` : undefined}>
      <span className="health-dot" aria-hidden="true" />
      {word}
    </span>
  );
}
