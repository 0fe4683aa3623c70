import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { AppError, ChangeIntent, ParameterSummary } from '../../../../shared/contract';
import { api } from '../../api';
import { readCache } from '../../api/readCache';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageProgress } from '../../components/PageProgress';
import { RefreshButton } from '../../components/RefreshButton';
import { dataOf } from '../../model/loadable';
import { targetKey } from '../../model/target';
import { useChanges } from '../../stores/changes';
import { currentValue, useParameters } from '../../stores/parameters';
import { currentProfile, selectTargetKey, useSession } from '../../stores/session';
import { ParameterDetail } from './ParameterDetail';
import { ParameterEditor } from './ParameterEditor';
import { ParameterColumns } from './ParameterRows';
import { ParameterToolbar } from './ParameterToolbar';
import { ParametersExport } from './ParametersExport';
import { ParameterTree } from './ParameterTree';
import { treeOf, useParameterTree } from './useParameterTree';

type Editor = { mode: 'new' } | { mode: 'edit'; name: string } | null;
const NO_PARAMETERS: readonly ParameterSummary[] = [];

/**
 * Parameter Store by path. Revealed SecureString values live in this
 * component's state only: leaving the section unmounts it, and selecting
 * another parameter clears them, so a value is never left on screen unasked.
 */
export function ParametersView() {
  const key = useSession(selectTargetKey);
  // Keyed by target, so switching profile or region starts with nothing selected or revealed.
  return <ParametersBody key={key ?? 'none'} targetId={key ?? 'none'} />;
}

function ParametersBody({ targetId }: { targetId: string }) {
  const target = useSession((s) => s.target);
  const problem = useSession(currentProfile)?.problem;
  const list = useParameters((s) => s.list);
  const partial = useParameters((s) => s.partial);
  const progress = useParameters((s) => s.progress);
  const values = useParameters((s) => s.values);
  const valuesError = useParameters((s) => s.valuesError);
  const generation = useParameters((s) => s.generation);
  const listedAt = useParameters((s) => s.listedAt);
  const [selected, setSelected] = useState<string | null>(null);
  // Read after a reveal's await: a value that arrives once another parameter is selected is dropped.
  const selectedRef = useRef<string | null>(null);
  const [revealState, setRevealState] = useState<{ generation: number; values: Record<string, string> }>({
    generation: -1,
    values: {},
  });
  const [revealError, setRevealError] = useState<AppError | null>(null);
  const [editor, setEditor] = useState<Editor>(null);
  const [scrollTo, setScrollTo] = useState<string | null>(null);
  // A reveal belongs to the listing it was made against; any reload (after a change, a refresh) masks again.
  const revealed = revealState.generation === generation ? revealState.values : {};

  const complete = dataOf(list);
  // The first listing shows its pages as they arrive; a reload keeps the previous listing until the new one is whole.
  const data = complete ?? partial ?? undefined;
  const streaming = list.status === 'loading' && progress !== null;
  const parameters = data?.parameters ?? NO_PARAMETERS;
  const tree = useParameterTree(targetId, parameters, complete !== undefined);
  const parameter = useMemo(
    () => (selected === null ? undefined : parameters.find((p) => p.name === selected)),
    [parameters, selected],
  );
  const now = useMemo(() => new Date(listedAt), [listedAt]);

  useEffect(() => {
    const t = useSession.getState().target;
    if (t && !problem) void useParameters.getState().load(t);
  }, [targetId, problem]);
  // Leaving the view (or the target) stops a listing still streaming in.
  useEffect(() => () => useParameters.getState().cancelLoad(), []);
  // A reload keeps the previous listing on screen while the new one streams in. Its tree is built batch by
  // batch meanwhile, after each paint, so swapping it in at the end costs its last batch, not a rebuild.
  const reloading = complete !== undefined;
  useEffect(() => {
    if (reloading && partial) treeOf(partial.parameters);
  }, [reloading, partial]);

  const select = useCallback(
    (name: string) => {
      if (name !== selectedRef.current) setRevealState({ generation, values: {} });
      setRevealError(null);
      setSelected(name);
      selectedRef.current = name;
    },
    [generation],
  );

  // After an SSM change to this target is applied (here or as an undo from the dialog), show the new state, and a
  // created parameter's row. The listing is read past the cache: this runs as the change lands, and must not
  // depend on the changes store having dropped the stale entry first.
  const { openTo } = tree;
  useEffect(
    () =>
      useChanges.subscribe((state, previous) => {
        const plan = state.plan;
        const t = useSession.getState().target;
        if (state.phase !== 'done' || previous.phase === 'done' || !plan || !t) return;
        if (!plan.intent.kind.startsWith('ssm.') || targetKey(plan.target) !== targetKey(t)) return;
        const { intent } = plan;
        const name = 'name' in intent ? intent.name : undefined;
        readCache.invalidateServices(t, ['ssm']);
        void useParameters.getState().load(t, name);
        if (intent.kind === 'ssm.putParameter' && name) {
          openTo(name);
          select(name);
          setScrollTo(name);
        }
      }),
    [openTo, select],
  );

  // The selected parameter's value, for the detail panel and the editor, even once its row has scrolled away.
  useEffect(() => {
    if (target && parameter && parameter.type !== 'SecureString')
      void useParameters.getState().requestValues(target, [parameter]);
  }, [target, parameter]);

  const reveal = async (name: string) => {
    if (!target) return;
    if (name !== selectedRef.current) select(name);
    const result = await api['ssm.revealParameter']({ target, name });
    if (selectedRef.current !== name) return;
    if (result.ok) setRevealState({ generation, values: { [name]: result.data.value } });
    else setRevealError(result.error);
  };
  const hide = useCallback(
    (name: string) =>
      setRevealState((r) => ({
        generation: r.generation,
        values: Object.fromEntries(Object.entries(r.values).filter(([n]) => n !== name)),
      })),
    [],
  );
  // The rows are memoised: hand them callbacks of one identity that call the latest reveal.
  const latestReveal = useRef(reveal);
  useLayoutEffect(() => {
    latestReveal.current = reveal;
  });
  const revealRow = useCallback((name: string) => void latestReveal.current(name), []);
  const onVisible = useCallback(
    (shown: ParameterSummary[]) => {
      if (target) void useParameters.getState().requestValues(target, shown);
    },
    [target],
  );
  const clearScrollTo = useCallback(() => setScrollTo(null), []);
  const preview = (intent: ChangeIntent) => {
    if (target) void useChanges.getState().preview(target, intent);
  };

  return (
    <div className="view parameters-view">
      <div className="view-header">
        <h1>Parameters</h1>
        <div className="view-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={!target || !!problem}
            onClick={() => setEditor({ mode: 'new' })}
          >
            New parameter
          </button>
          <ParametersExport parameters={complete?.parameters ?? NO_PARAMETERS} />
          <RefreshButton
            busy={list.status === 'loading'}
            unavailable={!target}
            onRefresh={() => target && void useParameters.getState().load(target)}
          />
        </div>
      </div>
      {!target && <p className="loading">Loading profiles…</p>}
      {list.status === 'error' && (
        <ErrorNotice
          error={list.error}
          title="Could not list parameters"
          onRetry={() => target && void useParameters.getState().load(target)}
        />
      )}
      {valuesError && (
        <ErrorNotice
          error={valuesError}
          title="Could not load parameter values"
          compact
          onRetry={() => useParameters.getState().retryValues()}
        />
      )}
      {list.status === 'loading' && !data && <p className="loading">Loading parameters…</p>}
      {streaming && (
        <PageProgress noun="parameters" loaded={progress.loaded} pages={progress.pages} refreshing={!!complete} />
      )}
      {data && data.parameters.length === 0 && !streaming && <p className="empty">No parameters in this region.</p>}
      {data && data.parameters.length > 0 && (
        <div className={parameter ? 'parameters-layout with-detail' : 'parameters-layout'}>
          <div className="parameter-tree-panel">
            <ParameterToolbar
              filter={tree.filter}
              onFilter={tree.setFilter}
              total={tree.total}
              matched={tree.matches?.count ?? null}
              apiCalls={data.apiCalls}
              onExpandAll={tree.expandAll}
              onCollapseAll={tree.collapseAll}
            />
            <ParameterColumns />
            {tree.building && tree.total === 0 ? (
              <p className="loading">Loading parameters…</p>
            ) : tree.rows.length === 0 ? (
              <p className="empty">
                No parameters match{tree.filter.text.trim() ? ` ‘${tree.filter.text.trim()}’` : ''}
                {tree.filter.type !== 'any' ? ` of type ${tree.filter.type}` : ''}.
              </p>
            ) : (
              <ParameterTree
                rows={tree.rows}
                values={values}
                revealed={revealed}
                selected={selected}
                filtering={tree.filtering}
                busy={tree.pending}
                scrollTo={scrollTo}
                onScrolledTo={clearScrollTo}
                now={now}
                onSelect={select}
                onToggle={tree.toggle}
                onReveal={revealRow}
                onHide={hide}
                onVisible={onVisible}
              />
            )}
          </div>
          {parameter && target && (
            <ParameterDetail
              key={parameter.name}
              target={target}
              parameter={parameter}
              value={currentValue(values, parameter)}
              revealed={revealed[parameter.name]}
              revealError={revealError}
              onReveal={() => void reveal(parameter.name)}
              onHide={() => hide(parameter.name)}
              onEdit={() => setEditor({ mode: 'edit', name: parameter.name })}
              onDelete={() => preview({ kind: 'ssm.deleteParameter', name: parameter.name })}
              onRestore={(version) => preview({ kind: 'ssm.restoreVersion', name: parameter.name, version })}
            />
          )}
        </div>
      )}
      {editor && (
        <ParameterEditor
          existing={editor.mode === 'edit' ? parameter : undefined}
          currentValue={editor.mode === 'edit' && parameter ? currentValue(values, parameter) : undefined}
          onCancel={() => setEditor(null)}
          onReview={(intent) => {
            setEditor(null);
            preview(intent);
          }}
        />
      )}
    </div>
  );
}
