import { useState } from 'react';
import type { Plan } from '../../../shared/contract';
import { CodeBlock } from './CodeBlock';

/**
 * The API requests a plan sends, step by step, as main will send them (secret values already
 * fingerprints). Rendered only once opened, so the JSON does not add text to every preview's page.
 */
export function PlanRequests({ steps }: { steps: Plan['steps'] }) {
  const [open, setOpen] = useState(false);
  if (steps.length === 0) return null;
  return (
    <details className="undo-cli" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>API request{steps.length === 1 ? '' : 's'}</summary>
      {open &&
        steps.map((step, i) => (
          <section key={i} aria-label={`${step.operation} request`}>
            <p className="muted">
              {step.service} {step.operation}: {step.summary}
            </p>
            <CodeBlock text={JSON.stringify(step.input)} what={`${step.operation} request`} json />
          </section>
        ))}
    </details>
  );
}
