/**
 * CodeMirror 6 on a policy document: JSON highlighting, the lint drawn under
 * the text and in the gutter, and IAM completion. Loaded lazily by
 * PolicyEditor, so CodeMirror is its own chunk. Tab is left to the page
 * (keyboard users must be able to leave the editor); Ctrl-Space completes,
 * F8 / Ctrl-Shift-M walk the lint.
 */
import { useEffect, useRef } from 'react';
import { minimalSetup } from 'codemirror';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { json } from '@codemirror/lang-json';
import { unifiedMergeView } from '@codemirror/merge';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { policyCompletions } from '../../../../shared/policyLint/completion';
import { routeStylesToConstructedSheets } from './constructedStyles';
import type { IamIndex, LocatedDiagnostic } from '../../../../shared/policyLint';

routeStylesToConstructedSheets();

export interface EditorHandle {
  /** Puts the cursor at `at` and focuses the editor, to fix a problem from the list by keyboard. */
  goTo: (at: number) => void;
}

export interface CodeEditorProps {
  value: string;
  onChange: (text: string) => void;
  label: string;
  describedBy?: string;
  /** Diagnostics and the text they were computed for; stale ones are not drawn. */
  lint: { text: string; diagnostics: readonly LocatedDiagnostic[] };
  iam: IamIndex | undefined;
  invalid: boolean;
  handleRef?: { current: EditorHandle | null };
  /** When set, the text it is compared with: removed lines are drawn struck through above what replaced them. */
  original?: string | undefined;
}

/** The unified diff against `original`; no accept/reject buttons, since the text being edited is the proposal. */
function changesView(original: string | undefined): Extension {
  return original === undefined ? [] : unifiedMergeView({ original, mergeControls: false, gutter: true });
}

export default function CodeEditor({
  value,
  onChange,
  label,
  describedBy,
  lint,
  iam,
  invalid,
  handleRef,
  original,
}: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changes = useRef(new Compartment());
  const latest = useRef({ onChange, iam });
  useEffect(() => {
    latest.current = { onChange, iam };
  });

  useEffect(() => {
    const complete = (ctx: CompletionContext): CompletionResult | null => {
      const iamIndex = latest.current.iam;
      if (!iamIndex) return null;
      const found = policyCompletions(ctx.state.doc.toString(), ctx.pos, iamIndex);
      if (!found || (found.from === ctx.pos && !ctx.explicit && found.options.length > 50)) return null;
      return {
        from: found.from,
        to: found.to,
        // The option's accessible name joins label and detail with no gap ("s3:GetObjectRead"); the space keeps them words.
        options: found.options.map((o) => ({
          label: o.label,
          detail: o.detail && ` ${o.detail}`,
          type: o.type,
          apply: o.apply,
        })),
        validFor: /^[\w:*/.${}-]*$/,
      };
    };
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          minimalSetup,
          lineNumbers(),
          json(),
          closeBrackets(),
          autocompletion({ override: [complete], activateOnTyping: true }),
          lintGutter(),
          keymap.of([...closeBracketsKeymap, ...completionKeymap, ...lintKeymap]),
          EditorView.lineWrapping,
          changes.current.of(changesView(original)),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) latest.current.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    if (handleRef) {
      handleRef.current = {
        goTo: (at) => {
          editor.dispatch({ selection: { anchor: Math.min(at, editor.state.doc.length) }, scrollIntoView: true });
          editor.focus();
        },
      };
    }
    return () => {
      if (handleRef) handleRef.current = null;
      editor.destroy();
      view.current = null;
    };
    // The editor is created once; value, lint and attributes are pushed into it by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: changes.current.reconfigure(changesView(original)) });
  }, [original]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const attributes: Record<string, string> = { 'aria-label': label };
    if (describedBy) attributes['aria-describedby'] = describedBy;
    if (invalid) attributes['aria-invalid'] = 'true';
    for (const name of ['aria-label', 'aria-describedby', 'aria-invalid']) {
      if (attributes[name] === undefined) editor.contentDOM.removeAttribute(name);
      else editor.contentDOM.setAttribute(name, attributes[name]);
    }
  }, [label, describedBy, invalid]);

  const { text: linted, diagnostics } = lint;
  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() !== linted) return;
    const length = editor.state.doc.length;
    editor.dispatch(
      setDiagnostics(
        editor.state,
        diagnostics.map((d) => ({
          from: Math.min(d.from, length),
          to: Math.min(Math.max(d.to, d.from), length),
          severity: d.severity,
          message: d.message,
        })),
      ),
    );
  }, [linted, diagnostics, value]);

  return <div ref={host} className="policy-editor-host" />;
}
