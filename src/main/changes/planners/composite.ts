/**
 * One plan made of several: a guided fix that needs, say, two parameters, an
 * option update and an inline policy is previewed, applied, journalled and
 * undone as one change. The steps run in part order, so ChangeService's
 * rollback of earlier steps spans parts.
 *
 * Parts that are blocked only because things already are as asked
 * (`unchanged`) are dropped and listed in the diff as skipped; if every part
 * is like that, the composite itself is blocked as having nothing to change.
 * Any other blocked part blocks the whole composite.
 */
import type { AtomicChangeIntent, ChangeIntent, DiffRow, Target } from '../../../shared/contract';
import type { BuiltPlan, PlannerContext } from '../types';

type CompositeIntent = Extract<ChangeIntent, { kind: 'composite' }>;

export interface PlannedPart {
  intent: AtomicChangeIntent;
  built: BuiltPlan;
}

const RISK_ORDER = { low: 0, medium: 1, high: 2 } as const;

const isAtomic = (i: ChangeIntent | undefined): i is AtomicChangeIntent => i !== undefined && i.kind !== 'composite';

/** The display intent of a part; planners of atomic kinds only ever return atomic ones. */
function shownIntent(part: PlannedPart): AtomicChangeIntent {
  return isAtomic(part.built.displayIntent) ? part.built.displayIntent : part.intent;
}

/** Pure: assembles the composite plan from plans already built, one per part, in the intent's order. */
export function composePlans(title: string, parts: PlannedPart[]): BuiltPlan {
  if (!parts.length) throw new Error('a composite needs at least one part');
  const many = parts.length > 1;
  const name = (i: number) => (many ? `Part ${i + 1}` : 'This change');
  const numbered = parts.map((p, i) => ({ ...p, n: i }));
  const skipped = numbered.filter((p) => p.built.blocked !== undefined && p.built.unchanged);
  const refused = numbered.find((p) => p.built.blocked !== undefined && !p.built.unchanged);
  const active = numbered.filter((p) => p.built.blocked === undefined);

  let blocked: string | undefined;
  if (refused) blocked = `${name(refused.n)} (${refused.built.title}): ${refused.built.blocked}`;
  else if (!active.length) {
    blocked = `Nothing to change: ${skipped.map((p) => `${name(p.n)} (${p.built.title}): ${p.built.blocked}`).join(' ')}`;
  }

  const label = (n: number, text: string) => (many ? `Part ${n + 1}: ${text}` : text);
  const diff: DiffRow[] = [];
  for (const p of numbered) {
    if (p.built.blocked !== undefined && p.built.unchanged) {
      diff.push({
        change: 'modify',
        label: label(p.n, `skipped, nothing to change — ${p.built.title}`),
        after: p.built.blocked,
      });
      continue;
    }
    for (const row of p.built.diff) diff.push({ ...row, label: label(p.n, row.label) });
  }

  const riskParts = active.length ? active : numbered;
  const level = riskParts.reduce<BuiltPlan['risk']['level']>(
    (worst, p) => (RISK_ORDER[p.built.risk.level] > RISK_ORDER[worst] ? p.built.risk.level : worst),
    'low',
  );
  const note = many
    ? riskParts.map((p) => `${name(p.n)} (${p.built.title}): ${p.built.risk.note}`).join(' ')
    : riskParts[0]!.built.risk.note;

  const undoable = active.filter((p) => isAtomic(p.built.undo?.intent));
  const final = active.filter((p) => !isAtomic(p.built.undo?.intent));
  const reversed = [...undoable].reverse();
  const cannot = final.length
    ? ` ${final.map((p) => `${name(p.n)} (${p.built.title})`).join(', ')} cannot be undone.`
    : '';
  const undo: BuiltPlan['undo'] = undoable.length
    ? {
        intent: {
          kind: 'composite',
          title: `Undo: ${title}`.slice(0, 200),
          parts: reversed.map((p) => p.built.undo!.intent).filter(isAtomic),
        },
        summary: `In reverse order: ${reversed.map((p) => p.built.undo!.summary).join('; ')}.${cannot}`,
        cli: reversed.flatMap((p) => p.built.undo!.cli),
      }
    : null;

  return {
    title,
    resource: parts[0]!.built.resource,
    diff,
    steps: active.flatMap((p) => p.built.steps),
    cli: active.flatMap((p) => p.built.cli),
    permissions: [...new Set(active.flatMap((p) => p.built.permissions))],
    risk: { level, note: undo || !active.length ? note : `${note} None of it can be undone.`.trim() },
    undo,
    blocked,
    ...(blocked !== undefined && !refused ? { unchanged: true } : {}),
    displayIntent: { kind: 'composite', title, parts: parts.map(shownIntent) },
    async verify() {
      const results = [];
      for (const p of active) results.push({ n: p.n, ...(await p.built.verify()) });
      const detail = results.map((r) => (many ? `${name(r.n)}: ${r.detail}` : r.detail)).join(' ');
      return { verified: results.every((r) => r.verified), detail };
    },
  };
}

export type AtomicPlanner = (ctx: PlannerContext, target: Target, intent: AtomicChangeIntent) => Promise<BuiltPlan>;

/**
 * Plans every part against the state as it is now, in order, then composes
 * them. Parts are planned one after another, not in parallel, to keep the load
 * on the account the same as planning them one by one.
 */
export async function planComposite(
  ctx: PlannerContext,
  target: Target,
  intent: CompositeIntent,
  buildAtomic: AtomicPlanner,
): Promise<BuiltPlan> {
  const parts: PlannedPart[] = [];
  for (const part of intent.parts) parts.push({ intent: part, built: await buildAtomic(ctx, target, part) });
  return composePlans(intent.title, parts);
}
