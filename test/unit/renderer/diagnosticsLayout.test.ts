import { describe, expect, it } from 'vitest';
import {
  edgeGeometry,
  edgeName,
  layoutConnectivity,
  type PlacedNode,
} from '../../../src/renderer/src/views/diagnostics/connectivityLayout';
import { labMap } from './diagnosticsFixtures';

const inside = (inner: PlacedNode, outer: PlacedNode) =>
  inner.x > outer.x &&
  inner.y > outer.y &&
  inner.x + inner.width < outer.x + outer.width &&
  inner.y + inner.height < outer.y + outer.height;

describe('connectivity layout', () => {
  const layout = layoutConnectivity(labMap);
  const at = (id: string) => layout.nodes.find((n) => n.node.id === id)!;

  it('places every node once, in its column: internet | network | groups | resources', () => {
    expect(layout.nodes).toHaveLength(labMap.nodes.length);
    expect(at('net').x).toBeLessThan(at('vpc-1').x);
    expect(at('vpc-1').x).toBeLessThan(at('sg-web').x);
    expect(at('sg-web').x).toBeLessThan(at('db').x);
    expect(at('db').x).toBe(at('role').x);
  });

  it('nests instances in subnets in the VPC, subnets sorted by name', () => {
    expect(at('vpc-1').container).toBe(true);
    expect(inside(at('subnet-a'), at('vpc-1'))).toBe(true);
    expect(inside(at('subnet-b'), at('vpc-1'))).toBe(true);
    expect(inside(at('i-1'), at('subnet-a'))).toBe(true);
    expect(inside(at('i-3'), at('subnet-b'))).toBe(true);
    expect(at('subnet-a').y).toBeLessThan(at('subnet-b').y);
    expect(at('i-1').y).toBeLessThan(at('i-2').y);
    // Boxes in one container do not overlap.
    expect(at('subnet-a').y + at('subnet-a').height).toBeLessThan(at('subnet-b').y);
  });

  it('orders the resource column by kind: database, parameter, role', () => {
    expect(at('db').y).toBeLessThan(at('param').y);
    expect(at('param').y).toBeLessThan(at('role').y);
  });

  it('is the same whatever order the nodes and edges arrive in', () => {
    const shuffled = { ...labMap, nodes: [...labMap.nodes].reverse(), edges: [...labMap.edges].reverse() };
    const again = layoutConnectivity(shuffled);
    const rects = (l: typeof layout) =>
      Object.fromEntries(l.nodes.map((n) => [n.node.id, [n.x, n.y, n.width, n.height]]));
    expect(rects(again)).toEqual(rects(layout));
    expect(again.edges.map((e) => e.path)).toEqual(layout.edges.map((e) => e.path));
  });

  it('draws edges between known nodes and lists the rest as dangling', () => {
    expect(layout.edges.map((e) => e.edge.id)).toEqual(['e1', 'e2', 'e3']);
    expect(layout.dangling.map((e) => e.id)).toEqual(['e4']);
    expect(layout.height).toBeGreaterThan(at('vpc-1').y + at('vpc-1').height);
  });

  it('fans apart two edges between the same pair instead of drawing one over the other', () => {
    const twice = layoutConnectivity({
      ...labMap,
      edges: [
        { id: 'x1', from: 'i-1', to: 'db', label: 'same VPC', status: 'allowed', reason: 'ok' },
        { id: 'x2', from: 'i-1', to: 'db', label: 'database port', status: 'broken', reason: 'no rule' },
        { id: 'x3', from: 'net', to: 'sg-web', label: '', status: 'allowed', reason: 'ok' },
      ],
    });
    const [a, b, single] = twice.edges;
    expect(a!.path).not.toBe(b!.path);
    expect(Math.abs(a!.mid.y - b!.mid.y)).toBeGreaterThanOrEqual(8);
    const lone = layoutConnectivity({ ...labMap, edges: [labMap.edges[0]!] }).edges[0]!;
    expect(single!.path).toBe(lone.path);
  });

  it('survives a parent cycle and a missing parent', () => {
    const l = layoutConnectivity({
      environmentName: 'x',
      nodes: [
        { id: 'a', kind: 'subnet', label: 'a', parent: 'b' },
        { id: 'b', kind: 'subnet', label: 'b', parent: 'a' },
        { id: 'c', kind: 'instance', label: 'c', parent: 'nowhere' },
      ],
      edges: [],
      problems: [],
    });
    // a and b only point at each other: both are still drawn, one inside the other, and c at top level.
    expect(l.nodes.map((n) => n.node.id).sort()).toEqual(['a', 'b', 'c']);
    const a = l.nodes.find((n) => n.node.id === 'a')!;
    const b = l.nodes.find((n) => n.node.id === 'b')!;
    expect(inside(b, a)).toBe(true);
  });
});

describe('edge geometry', () => {
  it('runs from the right side of the left box to the left side of the right box, midpoint between', () => {
    const g = edgeGeometry({ x: 0, y: 0, width: 100, height: 36 }, { x: 300, y: 100, width: 100, height: 36 });
    expect(g.path.startsWith('M 100 18 C')).toBe(true);
    expect(g.path.endsWith('300 118')).toBe(true);
    // The marker sits in the gap before the target, on the curve, between the two ends' heights.
    expect(Math.abs(g.mid.x - (300 - 28))).toBeLessThan(8);
    expect(g.mid.y).toBeGreaterThan(18);
    expect(g.mid.y).toBeLessThanOrEqual(118);
  });

  it('runs backwards when the target is to the left', () => {
    const g = edgeGeometry({ x: 300, y: 0, width: 100, height: 36 }, { x: 0, y: 0, width: 100, height: 36 });
    expect(g.path.startsWith('M 300 18')).toBe(true);
    expect(g.path.endsWith('100 18')).toBe(true);
    expect(Math.abs(g.mid.x - (100 + 28))).toBeLessThan(8);
  });
});

describe('edge names', () => {
  it('reads as from → to (label): status: reason', () => {
    expect(edgeName(labMap.edges[1]!, labMap.nodes)).toBe(
      'subnet-a → edx-photos-db (MySQL 3306): broken: no ingress on 3306',
    );
    expect(edgeName(labMap.edges[3]!, labMap.nodes)).toBe('i-1 → ghost: broken: missing node');
  });
});
