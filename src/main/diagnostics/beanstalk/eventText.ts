/**
 * Picking the event, health and log texts that back a finding: the newest
 * event per distinct message (an environment repeats the same error on every
 * deploy), verbatim with its time, the matching health causes, and the
 * instance log lines that say the same, quoted with their file and instance.
 */
import type { Evidence } from '../../../shared/contract';
import type { EnvironmentFacts, EventFact, LogLineFact } from '../facts';
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

/** A failing app logs the same error on every request: each distinct matching line once, in file order. */
export function distinctLogLines(lines: readonly LogLineFact[], matches: (text: string) => boolean): LogLineFact[] {
  const seen = new Set<string>();
  return lines.filter((line) => {
    if (seen.has(line.text) || !matches(line.text)) return false;
    seen.add(line.text);
    return true;
  });
}

/**
 * The newest matching lines (the end of a file is the latest), one per distinct text, so a retried
 * request that logs the same traceback every minute is quoted once.
 */
export function logEvidence(lines: readonly LogLineFact[], test: TextTest, limit = 2): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (let i = lines.length - 1; i >= 0 && out.length < limit; i -= 1) {
    const line = lines[i];
    if (!line || seen.has(line.text) || !test(line.text, parseText(line.text))) continue;
    seen.add(line.text);
    out.push({
      source: 'log',
      label: `${line.file} on ${line.instanceId}`,
      text: line.text.trim(),
      ...(line.sampledAt ? { at: line.sampledAt } : {}),
    });
  }
  return out;
}

export function causeEvidence(environment: EnvironmentFacts, test: TextTest): Evidence[] {
  return environment.causes
    .filter((cause) => test(cause, parseText(cause)))
    .map((cause) => ({ source: 'health' as const, label: `Health cause (${environment.health})`, text: cause }));
}

/** Every parsed match of the given kind in the environment's events, causes and (when read) log lines. */
export function parsedOfKind<K extends ParsedKind>(
  environment: EnvironmentFacts,
  events: readonly EventFact[],
  kind: K,
  logs: readonly LogLineFact[] = [],
): Extract<ParsedText, { kind: K }>[] {
  const texts = [...events.map((e) => e.message), ...environment.causes, ...logs.map((l) => l.text)];
  return texts.flatMap((text) => parseText(text).filter((p): p is Extract<ParsedText, { kind: K }> => p.kind === kind));
}
