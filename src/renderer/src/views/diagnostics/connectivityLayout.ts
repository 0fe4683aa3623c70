/**
 * Where each piece of the connectivity map goes. Deterministic (sorted by
 * label, never by arrival order) so the picture does not jump between
 * refreshes: internet | VPC with subnets and instances | security groups |
 * what the app reaches (databases, domains, parameters, roles).
 */
import type { ConnectivityEdge, ConnectivityMap, ConnectivityNode } from '../../../../shared/contract';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedNode extends Rect {
  node: ConnectivityNode;
  /** Containers (VPCs, subnets) are drawn as boxes around their children. */
  container: boolean;
}

export interface PlacedEdge {
  edge: ConnectivityEdge;
  path: string;
  /** Where the broken or unknown marker goes: in the gap before the target, clear of nodes. */
  mid: { x: number; y: number };
}

export interface MapLayout {
  width: number;
  height: number;
  columns: { label: string; x: number; width: number }[];
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  /** Edges naming a node the map does not have; listed, not drawn. */
  dangling: ConnectivityEdge[];
}

type Kind = ConnectivityNode['kind'];

const MARGIN = 20;
const TOP = 40;
const GAP = 56;
const NODE_H = 36;
const NODE_GAP = 10;
const BOX_HEADER = 24;
const BOX_PAD = 10;
const BOW = 40;
const PARALLEL_GAP = 9;

const COLUMNS = [
  { label: 'Internet', width: 130 },
  { label: 'Network', width: 330 },
  { label: 'Security groups', width: 190 },
  { label: 'Resources', width: 210 },
] as const;

const columnOf: Record<Kind, number> = {
  internet: 0,
  environment: 1,
  vpc: 1,
  subnet: 1,
  instance: 1,
  'security-group': 2,
  database: 3,
  'search-domain': 3,
  'ssm-parameter': 3,
  role: 3,
};

/** Order inside a column: kinds first, then labels. */
const kindOrder: readonly Kind[] = [
  'internet',
  'environment',
  'vpc',
  'subnet',
  'instance',
  'security-group',
  'database',
  'search-domain',
  'ssm-parameter',
  'role',
];

const isContainerKind = (kind: Kind) => kind === 'vpc' || kind === 'subnet';

function byKindThenLabel(a: ConnectivityNode, b: ConnectivityNode): number {
  return (
    kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || a.label.localeCompare(b.label) || a.id.localeCompare(b.id)
  );
}

function columnX(index: number): number {
  let x = MARGIN;
  for (let i = 0; i < index; i++) x += COLUMNS[i]!.width + GAP;
  return x;
}

export function layoutConnectivity(map: ConnectivityMap): MapLayout {
  const ids = new Set(map.nodes.map((n) => n.id));
  const children = new Map<string, ConnectivityNode[]>();
  const roots: ConnectivityNode[] = [];
  for (const node of map.nodes) {
    // Containment is only drawn inside the network column; a parent elsewhere (or missing) is ignored.
    const parent = node.parent && ids.has(node.parent) ? map.nodes.find((n) => n.id === node.parent) : undefined;
    if (parent && isContainerKind(parent.kind) && columnOf[node.kind] === 1 && parent.id !== node.id) {
      children.set(parent.id, [...(children.get(parent.id) ?? []), node]);
    } else {
      roots.push(node);
    }
  }

  const placed: PlacedNode[] = [];
  const seen = new Set<string>();

  // Returns the height used; containers wrap their children, a cycle in `parent` is cut where it closes.
  const place = (node: ConnectivityNode, x: number, y: number, width: number): number => {
    if (seen.has(node.id)) return 0;
    seen.add(node.id);
    const kids = (children.get(node.id) ?? []).filter((k) => !seen.has(k.id)).sort(byKindThenLabel);
    if (!isContainerKind(node.kind)) {
      placed.push({ node, x, y, width, height: NODE_H, container: false });
      return NODE_H;
    }
    const rect: PlacedNode = { node, x, y, width, height: 0, container: true };
    placed.push(rect);
    let inner = y + BOX_HEADER;
    for (const kid of kids) {
      const used = place(kid, x + BOX_PAD, inner, width - 2 * BOX_PAD);
      if (used > 0) inner += used + NODE_GAP;
    }
    rect.height = Math.max(inner - y + (kids.length > 0 ? BOX_PAD - NODE_GAP : BOX_PAD), BOX_HEADER + BOX_PAD);
    return rect.height;
  };

  const bottoms: number[] = [];
  COLUMNS.forEach((column, index) => {
    const x = columnX(index);
    let y = TOP;
    const inColumn = (nodes: readonly ConnectivityNode[]) =>
      nodes.filter((n) => columnOf[n.kind] === index).sort(byKindThenLabel);
    // Roots first; then whatever a `parent` cycle kept from being reached, so nothing goes missing.
    for (const node of [...inColumn(roots), ...inColumn(map.nodes)]) {
      const used = place(node, x, y, column.width);
      if (used > 0) y += used + NODE_GAP * (isContainerKind(node.kind) ? 1.6 : 1);
    }
    bottoms.push(y);
  });

  const rects = new Map(placed.map((p) => [p.node.id, p]));
  const edges: PlacedEdge[] = [];
  const dangling: ConnectivityEdge[] = [];
  const sorted = [...map.edges].sort((a, b) => a.id.localeCompare(b.id));
  // Two edges between the same pair (e.g. "same VPC" and "database port") are fanned apart, not drawn on top of each other.
  const pairOf = (e: ConnectivityEdge) => [e.from, e.to].sort().join('\u0000');
  const pairSizes = new Map<string, number>();
  for (const e of sorted) pairSizes.set(pairOf(e), (pairSizes.get(pairOf(e)) ?? 0) + 1);
  const pairSeen = new Map<string, number>();
  for (const edge of sorted) {
    const from = rects.get(edge.from);
    const to = rects.get(edge.to);
    if (!from || !to) {
      dangling.push(edge);
      continue;
    }
    const pair = pairOf(edge);
    const index = pairSeen.get(pair) ?? 0;
    pairSeen.set(pair, index + 1);
    const offset = (index - ((pairSizes.get(pair) ?? 1) - 1) / 2) * PARALLEL_GAP;
    edges.push({ edge, ...edgeGeometry(from, to, offset) });
  }

  // Room on the right for edges between two nodes of the last column, which bow out that way.
  const width = columnX(COLUMNS.length - 1) + COLUMNS[COLUMNS.length - 1]!.width + MARGIN + BOW;
  const height = Math.max(...bottoms, TOP + NODE_H) + MARGIN;
  const columns = COLUMNS.map((c, i) => ({ label: c.label, x: columnX(i), width: c.width }));
  return { width, height, columns, nodes: placed, edges, dangling };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A cubic curve from the side of `from` facing `to`; within one column it bows out to the right. */
export function edgeGeometry(
  from: Rect,
  to: Rect,
  /** Vertical shift of both ends, to fan out edges that share their ends. */
  offset = 0,
): { path: string; mid: { x: number; y: number } } {
  const fromCenter = from.x + from.width / 2;
  const toCenter = to.x + to.width / 2;
  const sameColumn = Math.abs(fromCenter - toCenter) < 1;
  const forward = toCenter >= fromCenter;
  const y1 = from.y + Math.min(from.height / 2, NODE_H / 2 + 4) + offset;
  const y2 = to.y + Math.min(to.height / 2, NODE_H / 2 + 4) + offset;
  let x1: number;
  let x2: number;
  let c1: number;
  let c2: number;
  if (sameColumn) {
    x1 = from.x + from.width;
    x2 = to.x + to.width;
    c1 = x1 + BOW;
    c2 = x2 + BOW;
  } else if (forward) {
    x1 = from.x + from.width;
    x2 = to.x;
    const bend = Math.max((x2 - x1) / 2, 20);
    c1 = x1 + bend;
    c2 = x2 - bend;
  } else {
    x1 = from.x;
    x2 = to.x + to.width;
    const bend = Math.max((x1 - x2) / 2, 20);
    c1 = x1 - bend;
    c2 = x2 + bend;
  }
  const at = (t: number) => {
    const u = 1 - t;
    return {
      x: u * u * u * x1 + 3 * u * u * t * c1 + 3 * u * t * t * c2 + t * t * t * x2,
      y: u * u * u * y1 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y2,
    };
  };
  // The marker goes in the empty gap just before the target: an edge that skips a column would
  // otherwise put it on top of a node in the column it passes.
  const markX = sameColumn ? null : forward ? x2 - GAP / 2 : x2 + GAP / 2;
  let best = at(0.5);
  if (markX !== null) {
    for (let i = 1; i < 64; i++) {
      const p = at(i / 64);
      if (Math.abs(p.x - markX) < Math.abs(best.x - markX)) best = p;
    }
  }
  const mid = { x: round(best.x), y: round(best.y) };
  const path = `M ${round(x1)} ${round(y1)} C ${round(c1)} ${round(y1)}, ${round(c2)} ${round(y2)}, ${round(x2)} ${round(y2)}`;
  return { path, mid };
}

/** "instances → edx-photos-db: broken: no ingress on 3306": what a screen reader hears for one edge. */
export function edgeName(edge: ConnectivityEdge, nodes: readonly ConnectivityNode[]): string {
  const label = (id: string) => nodes.find((n) => n.id === id)?.label ?? id;
  const what = edge.label ? ` (${edge.label})` : '';
  return `${label(edge.from)} → ${label(edge.to)}${what}: ${edge.status}: ${edge.reason}`;
}
