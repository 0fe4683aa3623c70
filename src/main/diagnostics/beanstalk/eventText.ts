/**
 * Picking the event and health texts that back a finding: the newest event
 * per distinct message (an environment repeats the same error on every
 * deploy), verbatim with its time, and the matching health causes.
 */
import type { Evidence } from '../../../shared/contract';
import type { EnvironmentFacts, EventFact } from '../facts';
import { parseText, type ParsedKind, type ParsedText } from '../text/patterns';

export type TextTest = (message: string, parsed: readonly ParsedText[]) => boolean;

export function hasKind(...kinds: ParsedKind[]): TextTest {
  return (_message, parsed) => parsed.some((p) => kinds.includes(p.kind));
}

export function eitherTest(...tests: TextTest[]): TextTest {
  return (message, parsed) => tests.some((t) => t(message, parsed));
}

/** Events arrive newest first; at most `limit` distinct messages are kept. */
export function eventEvidence(events: readonly EventFact[], test: TextTest, limit = 2): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const event of events) {
    if (out.length >= limit) break;
    if (seen.has(event.message) || !test(event.message, parseText(event.message))) continue;
    seen.add(event.message);
    out.push({ source: 'event', label: `${event.severity} event`, text: event.message, at: event.at });
  }
  return out;
}

export function causeEvidence(environment: EnvironmentFacts, test: TextTest): Evidence[] {
  return environment.causes
    .filter((cause) => test(cause, parseText(cause)))
    .map((cause) => ({ source: 'health' as const, label: `Health cause (${environment.health})`, text: cause }));
}

/** Every parsed match of the given kind in the environment's events and causes. */
export function parsedOfKind<K extends ParsedKind>(
  environment: EnvironmentFacts,
  events: readonly EventFact[],
  kind: K,
): Extract<ParsedText, { kind: K }>[] {
  const texts = [...events.map((e) => e.message), ...environment.causes];
  return texts.flatMap((text) => parseText(text).filter((p): p is Extract<ParsedText, { kind: K }> => p.kind === kind));
}
