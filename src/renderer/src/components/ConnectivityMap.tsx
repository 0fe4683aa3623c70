/**
 * The environment's reachability as a picture: what sits where (VPC, subnets,
 * instances), what guards it (security groups) and what the app has to reach,
 * with each path drawn allowed, broken or unknown.
 */
import { useEffect, useId, useMemo } from 'react';
import type { ConnectivityEdge, ConnectivityMap as MapData, Target } from '../../../shared/contract';
import { dataOf } from '../model/loadable';
import { routeHref } from '../model/route';
import { useDiagnostics } from '../stores/diagnostics';
import { edgeName, layoutConnectivity, type MapLayout, type PlacedNode } from '../views/diagnostics/connectivityLayout';
import { ScanProblems } from '../views/diagnostics/ScanFacts';
import { ErrorNotice } from './ErrorNotice';
import { RefreshButton } from './RefreshButton';

interface Props {
  target: Target;
  environmentName: string;
}

type Status = ConnectivityEdge['status'];

const kindWords: Record<PlacedNode['node']['kind'], string> = {
  environment: 'environment',
  instance: 'instance',
  'security-group': 'security group',
  vpc: 'VPC',
  subnet: 'subnet',
  database: 'database',
  'search-domain': 'search domain',
  'ssm-parameter': 'SSM parameter',
  role: 'IAM role',
  internet: 'internet',
};

/** Labels are cut to the box, with the whole text in the node's <title>. */
function fit(text: string, width: number): string {
  const room = Math.max(4, Math.floor((width - 16) / 6.8));
  return text.length <= room ? text : `${text.slice(0, room - 1)}…`;
}

/**
 * A node is drawn in two passes: its shape under the edges, its words over
 * them (with a halo), so a line crossing a box never hides what the box is.
 */
function NodeShape({ placed }: { placed: PlacedNode }) {
  const { node, x, y, width, height, container } = placed;
  const title = `${kindWords[node.kind]} ${node.label}${node.detail ? ` — ${node.detail}` : ''}`;
  return (
    <g className={`${container ? 'cmap-box' : 'cmap-node'} cmap-${node.kind}`}>
      <title>{title}</title>
      <rect x={x} y={y} width={width} height={height} rx={container ? 8 : 5} />
    </g>
  );
}

function NodeText({ placed }: { placed: PlacedNode }) {
  const { node, x, y, width, container } = placed;
  if (container) {
    return (
      <text x={x + 10} y={y + 16} className="cmap-text cmap-box-label">
        {fit(`${kindWords[node.kind]} ${node.label}`, width)}
      </text>
    );
  }
  return (
    <text className="cmap-text">
      <tspan x={x + 8} y={y + 14} className="cmap-node-kind">
        {kindWords[node.kind]}
      </tspan>
      <tspan x={x + 8} y={y + 28} className="cmap-node-label">
        {fit(node.label, width)}
      </tspan>
    </text>
  );
}

const drawOrder: Record<Status, number> = { allowed: 0, unknown: 1, broken: 2 };

function MapPicture({ data, layout, idBase }: { data: MapData; layout: MapLayout; idBase: string }) {
  const edges = [...layout.edges].sort((a, b) => drawOrder[a.edge.status] - drawOrder[b.edge.status]);
  const marker = (status: Status) => `${idBase}-arrow-${status}`;
  return (
    <svg
      className="cmap"
      role="group"
      aria-labelledby={`${idBase}-title`}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width="100%"
    >
      <title id={`${idBase}-title`}>Connectivity of {data.environmentName}</title>
      <defs>
        {(['allowed', 'broken', 'unknown'] as const).map((s) => (
          <marker
            key={s}
            id={marker(s)}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" className={`cmap-arrow-${s}`} />
          </marker>
        ))}
      </defs>
      {layout.columns.map((c) => (
        <text key={c.label} x={c.x} y={20} className="cmap-column" aria-hidden="true">
          {c.label}
        </text>
      ))}
      {/* Containers before the nodes inside them; shapes, then edges, then words and marks on top. */}
      {layout.nodes.map((n) => (
        <NodeShape key={n.node.id} placed={n} />
      ))}
      {edges.map(({ edge, path }) => {
        const name = edgeName(edge, data.nodes);
        return (
          <g key={edge.id} role="img" aria-label={name} className={`cmap-edge cmap-edge-${edge.status}`}>
            <title>{name}</title>
            <path d={path} className="cmap-edge-hit" />
            <path d={path} className="cmap-edge-line" markerEnd={`url(#${marker(edge.status)})`} />
          </g>
        );
      })}
      {layout.nodes.map((n) => (
        <NodeText key={n.node.id} placed={n} />
      ))}
      {edges.map(({ edge, mid }) =>
        edge.status === 'broken' ? (
          <g key={edge.id} className="cmap-broken-mark" aria-hidden="true">
            <circle cx={mid.x} cy={mid.y} r={9} />
            <text x={mid.x} y={mid.y + 4} textAnchor="middle">
              ✕
            </text>
          </g>
        ) : edge.status === 'unknown' ? (
          <text
            key={edge.id}
            x={mid.x}
            y={mid.y - 6}
            textAnchor="middle"
            className="cmap-unknown-mark"
            aria-hidden="true"
          >
            ?
          </text>
        ) : null,
      )}
    </svg>
  );
}

function Legend() {
  const sample = (status: Status) => (
    <svg width="44" height="14" aria-hidden="true" className={`cmap-edge-${status}`}>
      <line x1="2" y1="7" x2="42" y2="7" className="cmap-edge-line" />
      {status === 'broken' && (
        <text x="22" y="11" textAnchor="middle" className="cmap-legend-x">
          ✕
        </text>
      )}
    </svg>
  );
  return (
    <ul className="cmap-legend" aria-label="Legend">
      <li>{sample('allowed')} Allowed (solid green)</li>
      <li>{sample('broken')} Broken (dashed red, ✕)</li>
      <li>{sample('unknown')} Unknown (dotted grey, ?)</li>
    </ul>
  );
}

function BrokenList({ data }: { data: MapData }) {
  const broken = data.edges.filter((e) => e.status === 'broken');
  if (broken.length === 0) {
    return (
      <p className="cmap-none">
        <span aria-hidden="true">✓ </span>No broken connections.
      </p>
    );
  }
  const label = (id: string) => data.nodes.find((n) => n.id === id)?.label ?? id;
  return (
    <ul className="cmap-broken-list" aria-label="Broken connections">
      {broken.map((e) => (
        <li key={e.id}>
          <span className="cmap-broken-x" aria-hidden="true">
            ✕{' '}
          </span>
          <strong>
            {label(e.from)} → {label(e.to)}
          </strong>
          {e.label && <span className="muted"> ({e.label})</span>}: {e.reason}
          {e.findingId && (
            <>
              {' '}
              <a href={routeHref({ section: 'diagnostics', findingId: e.findingId })}>See the finding</a>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The "Connectivity" tab of an environment page. */
export function ConnectivityMap({ target, environmentName }: Props) {
  const map = useDiagnostics((s) => s.connectivity[environmentName]);
  const data = dataOf(map);
  const layout = useMemo(() => (data ? layoutConnectivity(data) : null), [data]);
  const idBase = `cmap${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;

  useEffect(() => {
    if (!useDiagnostics.getState().connectivity[environmentName]) {
      void useDiagnostics.getState().loadConnectivity(target, environmentName);
    }
  }, [target, environmentName]);

  const reload = () => void useDiagnostics.getState().loadConnectivity(target, environmentName);

  return (
    <section className="connectivity" aria-label={`Connectivity of ${environmentName}`}>
      <div className="panel-header">
        <h2>Connectivity</h2>
        <span className="spacer" />
        <RefreshButton busy={map?.status === 'loading'} onRefresh={reload} />
      </div>
      {map?.status === 'error' && (
        <ErrorNotice
          error={map.error}
          title={data ? 'Refresh failed; showing the previous map' : 'Could not map the connectivity'}
          onRetry={reload}
        />
      )}
      {!data || !layout ? (
        map?.status !== 'error' && <p className="loading">Tracing {environmentName}’s connections…</p>
      ) : (
        <>
          <ScanProblems problems={data.problems} />
          <Legend />
          <div className="cmap-frame">
            <MapPicture data={data} layout={layout} idBase={idBase} />
          </div>
          {layout.dangling.length > 0 && (
            <p className="muted">
              {layout.dangling.length} connection(s) name a resource that is not on the map and are listed only.
            </p>
          )}
          <h3 className="cmap-list-title">Broken connections</h3>
          <BrokenList data={data} />
        </>
      )}
    </section>
  );
}
