import { useEffect, useMemo, useRef, useState } from 'react';
import type { AppError, ChangeIntent } from '../../../../shared/contract';
import { api } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { dataOf } from '../../model/loadable';
import { useChanges } from '../../stores/changes';
import { useParameters } from '../../stores/parameters';
import { currentProfile, selectTargetKey, useSession } from '../../stores/session';
import { ParameterDetail } from './ParameterDetail';
import { ParameterEditor } from './ParameterEditor';
import { ParameterTree } from './ParameterTree';
import { buildParameterTree } from './parameterTree';

type Editor = { mode: 'new' } | { mode: 'edit'; name: string } | null;

/**
 * Parameter Store by path. Revealed SecureString values live in this
 * component's state only: leaving the section unmounts it, and selecting
 * another parameter clears them, so a value is never left on screen unasked.
 */
export function ParametersView() {
  const key = useSession(selectTargetKey);
  // Keyed by target, so switching profile or region starts with nothing selected or revealed.
  return <ParametersBody key={key ?? 'none'} />;
}

function ParametersBody() {
  const target = useSession((s) => s.target);
  const key = useSession(selectTargetKey);
  const problem = useSession(currentProfile)?.problem;
  const list = useParameters((s) => s.list);
  const values = useParameters((s) => s.values);
  const valuesError = useParameters((s) => s.valuesError);
  const generation = useParameters((s) => s.generation);
  const changePhase = useChanges((s) => s.phase);
  const changeKind = useChanges((s) => s.plan?.intent.kind);
  const [selected, setSelected] = useState<string | null>(null);
  // Read after a reveal's await: a value that arrives once another parameter is selected is dropped.
  const selectedRef = useRef<string | null>(null);
  const [revealState, setRevealState] = useState<{ generation: number; values: Record<string, string> }>({
    generation: -1,
    values: {},
  });
  const [revealError, setRevealError] = useState<AppError | null>(null);
  const [editor, setEditor] = useState<Editor>(null);
  // A reveal belongs to the listing it was made against; any reload (after a change, a refresh) masks again.
  const revealed = revealState.generation === generation ? revealState.values : {};

  useEffect(() => {
    const t = useSession.getState().target;
    if (t && !problem) void useParameters.getState().load(t);
  }, [key, problem]);

  // After an SSM change is applied (here or as an undo from the dialog), show the new state.
  useEffect(() => {
    const t = useSession.getState().target;
    if (changePhase === 'done' && changeKind?.startsWith('ssm.') && t) void useParameters.getState().load(t);
  }, [changePhase, changeKind]);

  const data = dataOf(list);
  const tree = useMemo(() => buildParameterTree(data?.parameters ?? []), [data]);
  const parameter = data?.parameters.find((p) => p.name === selected);

  const select = (name: string) => {
    if (name !== selected) setRevealState({ generation, values: {} });
    setRevealError(null);
    setSelected(name);
    selectedRef.current = name;
  };
  const reveal = async (name: string) => {
    if (!target) return;
    if (name !== selected) select(name);
    const result = await api['ssm.revealParameter']({ target, name });
    if (selectedRef.current !== name) return;
    if (result.ok) setRevealState({ generation, values: { [name]: result.data.value } });
    else setRevealError(result.error);
  };
  const hide = (name: string) =>
    setRevealState((r) => ({
      generation: r.generation,
      values: Object.fromEntries(Object.entries(r.values).filter(([n]) => n !== name)),
    }));
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
          <button
            type="button"
            className="button"
            disabled={!target || list.status === 'loading'}
            onClick={() => target && void useParameters.getState().load(target)}
          >
            Refresh
          </button>
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
      {valuesError && <ErrorNotice error={valuesError} title="Could not load parameter values" compact />}
      {list.status === 'loading' && !data && <p className="loading">Loading parameters…</p>}
      {data && (
        <p className="parameter-count">
          {data.parameters.length} parameters ({data.apiCalls} DescribeParameters{' '}
          {data.apiCalls === 1 ? 'call' : 'calls'})
        </p>
      )}
      {data && data.parameters.length === 0 && <p className="empty">No parameters in this region.</p>}
      <div className="parameters-layout">
        {data && data.parameters.length > 0 && (
          <ParameterTree
            root={tree}
            values={values}
            revealed={revealed}
            selected={selected}
            onSelect={select}
            onReveal={(name) => void reveal(name)}
            onHide={hide}
          />
        )}
        {parameter && target && (
          <ParameterDetail
            key={parameter.name}
            target={target}
            parameter={parameter}
            value={values[parameter.name]}
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
      {editor && (
        <ParameterEditor
          existing={editor.mode === 'edit' ? parameter : undefined}
          currentValue={editor.mode === 'edit' && parameter ? values[parameter.name] : undefined}
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
