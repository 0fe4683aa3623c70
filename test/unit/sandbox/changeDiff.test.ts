import { applyPatches, enableArrayMethods, enablePatches, Immer, type Patch } from 'immer';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/sandbox/scenarios/largeAccountRandom';
import { diffDocuments } from '../../../src/sandbox/state/changeDiff';

enablePatches();
enableArrayMethods();
const immer = new Immer({ autoFreeze: true });

interface Item {
  id: number;
  name: string;
  tags: string[];
  note?: string;
}
interface Doc {
  items: Item[];
  names: string[];
  meta: { count: number; label?: string };
}

function items(n: number): Item[] {
  return Array.from({ length: n }, (_, id) => ({ id, name: `item-${id}`, tags: [] }));
}

/** What the change log stores: the patches as JSON, replayed onto the document before. */
function replay<T extends object>(before: T, patches: Patch[]): T {
  return applyPatches(before, JSON.parse(JSON.stringify(patches)) as Patch[]);
}

describe('diffDocuments', () => {
  const base: Doc = { items: items(5000), names: ['a', 'b'], meta: { count: 1 } };

  it('logs a push onto a long array as one add, not the array', () => {
    const next = immer.produce(base, (d) => void d.items.push({ id: 9999, name: 'new', tags: [] }));
    const patches = diffDocuments(base, next);
    expect(patches).toEqual([{ op: 'add', path: ['items', 5000], value: { id: 9999, name: 'new', tags: [] } }]);
    expect(replay(base, patches)).toEqual(next);
  });

  it('logs a filter that drops one element of 5,000 as one remove', () => {
    const next = immer.produce(base, (d) => {
      const victim = d.items.find((item) => item.id === 1234);
      d.items = d.items.filter((item) => item !== victim);
    });
    const patches = diffDocuments(base, next);
    expect(patches).toEqual([{ op: 'remove', path: ['items', 1234] }]);
    expect(replay(base, patches)).toEqual(next);
  });

  it('logs a change inside an element at its own path', () => {
    const next = immer.produce(base, (d) => {
      const item = d.items[42];
      if (item) item.tags.push('hot');
    });
    expect(diffDocuments(base, next)).toEqual([{ op: 'add', path: ['items', 42, 'tags', 0], value: 'hot' }]);
  });

  it('treats a key set to undefined as absent, as JSON does', () => {
    const labelled = immer.produce(base, (d) => void (d.meta.label = 'x'));
    const cleared = immer.produce(labelled, (d) => void (d.meta.label = undefined));
    expect(diffDocuments(labelled, cleared)).toEqual([{ op: 'remove', path: ['meta', 'label'] }]);
    expect(diffDocuments(base, cleared)).toEqual([]);
  });

  it('logs nothing when nothing changed', () => {
    expect(
      diffDocuments(
        base,
        immer.produce(base, () => undefined),
      ),
    ).toEqual([]);
  });

  it('replays to the same document after any mix of changes (seeded, 400 rounds)', () => {
    const random = new SeededRandom(7);
    let doc: Doc = { items: items(40), names: ['x', 'y', 'x'], meta: { count: 0 } };
    let nextId = 1000;
    for (let round = 0; round < 400; round += 1) {
      const before = doc;
      doc = immer.produce(doc, (d) => {
        for (let step = random.int(1, 4); step > 0; step -= 1) {
          const at = random.int(0, Math.max(0, d.items.length - 1));
          switch (random.int(0, 8)) {
            case 0:
              d.items.push({ id: (nextId += 1), name: 'pushed', tags: [] });
              break;
            case 1:
              d.items.splice(at, random.int(1, 3));
              break;
            case 2:
              d.items.splice(at, 0, { id: (nextId += 1), name: 'inserted', tags: ['i'] });
              break;
            case 3: {
              const item = d.items[at];
              if (item) item.name = `renamed-${round}`;
              break;
            }
            case 4:
              d.items = d.items.filter((item) => item.id % 7 !== round % 7);
              break;
            case 5:
              d.items.reverse();
              break;
            case 6:
              d.names = random.chance(0.5) ? [...d.names, 'x'] : d.names.slice(1);
              break;
            case 7: {
              const item = d.items[at];
              if (item) item.note = random.chance(0.5) ? 'noted' : undefined;
              break;
            }
            default:
              d.meta.count += 1;
          }
        }
      });
      expect(replay(before, diffDocuments(before, doc))).toEqual(JSON.parse(JSON.stringify(doc)));
    }
  });
});
