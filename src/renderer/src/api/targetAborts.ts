/**
 * The selected target's AbortController. The transport asks for the signal
 * of the target a call names; switching profile or region aborts the old
 * target's calls in flight, so they stop instead of finishing unseen. Writes
 * are never cancelled from here: a change that reached main must report its
 * outcome.
 */
import { targetKey } from '../model/target';

/** Channels that change something (or local settings); their answers must arrive even after a switch. */
const NEVER_ABORTED = /^(changes\.|journal\.|profiles\.|deploy\.|diagnostics\.(accept|saveSettings|planFix))/;

export class TargetAborts {
  private selected: { key: string; controller: AbortController } | null = null;

  /**
   * The signal for a call, or undefined when the call names no target, names
   * one that is not selected (the overview loads other accounts on purpose),
   * or must not be cancelled.
   */
  signalFor(channel: string, input: unknown): AbortSignal | undefined {
    if (!this.selected || NEVER_ABORTED.test(channel)) return undefined;
    const target = (input as { target?: unknown } | null)?.target;
    if (typeof target !== 'object' || target === null) return undefined;
    const { profile, region } = target as { profile?: unknown; region?: unknown };
    if (typeof profile !== 'string' || typeof region !== 'string') return undefined;
    return targetKey({ profile, region }) === this.selected.key ? this.selected.controller.signal : undefined;
  }

  /** Makes `key` the selected target, aborting the previous one's calls in flight; true when some were cancelled. */
  select(key: string): boolean {
    if (this.selected?.key === key) return false;
    const previous = this.selected;
    this.selected = { key, controller: new AbortController() };
    previous?.controller.abort();
    return previous !== null;
  }
}

export const targetAborts = new TargetAborts();
