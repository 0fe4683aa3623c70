import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../../src/sandbox/scenarios';
import type { EnvironmentState, EventState } from '../../../src/sandbox/state/beanstalkState';
import { StateStore } from '../../../src/sandbox/state/store';
import { addEnvironmentEvent, nextEventSeq } from '../../../src/sandbox/simulation/events';

const NOW = new Date('2025-03-01T12:00:00Z');
const INFO = { severity: 'INFO', message: 'Environment health has transitioned from Ok to Info.' } as const;

function environment(): EnvironmentState {
  const lab = buildScenario('training-lab', NOW);
  return lab.elasticbeanstalk.environments[0]!;
}

/** An event whose `seq` reads are counted, to see how much of the history a new number costs. */
function countedEvent(seq: number, reads: { n: number }): EventState {
  const event = { eventDate: '2025-03-01T00:00:00Z', message: 'old', applicationName: 'app', severity: 'INFO' };
  return Object.defineProperty(event, 'seq', {
    enumerable: true,
    get: () => {
      reads.n++;
      return seq;
    },
  }) as EventState;
}

describe('event sequence numbers', () => {
  it('numbers each appended event above every earlier one, reading the history once rather than per event', () => {
    const doc = buildScenario('empty', NOW);
    const reads = { n: 0 };
    const history = 10_000;
    // Out of order, the highest in the middle: the first number must come from all of them.
    doc.elasticbeanstalk.events = Array.from({ length: history }, (_, i) =>
      countedEvent(i === history / 2 ? 50_000 : (i * 7919) % history, reads),
    );
    const env = environment();
    const appended = 1000;
    for (let i = 0; i < appended; i++) addEnvironmentEvent(doc, env, NOW, INFO);

    const seqs = doc.elasticbeanstalk.events.slice(history).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: appended }, (_, i) => 50_001 + i));
    // A scan per append would be 10,000,000 reads; once, plus a step back per append, is about 10,000.
    expect(reads.n).toBeLessThan(history + 3 * appended);
  });

  it('keeps numbers unique and increasing across writes to a store, where every write makes a new array', async () => {
    const store = await StateStore.open({ scenario: 'training-lab', now: () => NOW, log: () => undefined });
    const env = store.document.elasticbeanstalk.environments[0]!;
    const before = nextEventSeq(store.document);
    expect(before).toBe(Math.max(-1, ...store.document.elasticbeanstalk.events.map((e) => e.seq)) + 1);

    const added: number[] = [];
    for (let i = 0; i < 50; i++) {
      // One event a write, and sometimes two in one write, as an environment operation emits them.
      store.mutate((draft) => {
        addEnvironmentEvent(draft, env, NOW, INFO);
        if (i % 5 === 0) addEnvironmentEvent(draft, env, NOW, INFO);
      });
    }
    for (const e of store.document.elasticbeanstalk.events) if (e.seq >= before) added.push(e.seq);
    expect(added).toEqual(Array.from({ length: 60 }, (_, i) => before + i));
    expect(nextEventSeq(store.document)).toBe(before + 60);

    // A document replaced wholesale (a reset) is numbered from its own events, not from what was remembered.
    store.replace(buildScenario('training-lab', NOW));
    expect(nextEventSeq(store.document)).toBe(before);
  });
});
