/**
 * Diagnostics for the selected target: scans (whole region or one
 * environment), connectivity maps, the lab checklist, settings, and the
 * fix → verify → undo loop for each finding. Everything belongs to `key`; an
 * answer for another key, or for a scan a newer one replaced, is dropped.
 */
import { create } from 'zustand';
import type {
  AppError,
  ConnectivityMap,
  DiagnosticsSettings,
  ExplainTextResult,
  Finding,
  LabChecklist,
  ScanResult,
  Target,
} from '../../../shared/contract';
import { api } from '../api';
import { dataOf, idle, loading, settle, type Loadable } from '../model/loadable';
import { targetKey } from '../model/target';
import { useChanges } from './changes';
import { type CheckReason, nextRecheck, POLL_LIMIT, type VerifyState, verifySlot } from './diagnosticsRecheck';
import { useSession } from './session';

/** A scan's or checklist's scope: '' for the whole region, otherwise an environment name. */
export const WHOLE_REGION = '';

/** The journal entry a fix applied from here produced, so Undo can find it. */
export interface AppliedFix {
  entryId: string;
  target: Target;
  undone: boolean;
  /** The finding as it was when fixed: once a re-scan no longer lists it, this keeps its Undo on screen. */
  finding?: Finding;
}

export interface DiagnosticsState {
  key: string | null;
  scans: Record<string, Loadable<ScanResult>>;
  connectivity: Record<string, Loadable<ConnectivityMap>>;
  labs: Record<string, Loadable<LabChecklist>>;
  settings: Loadable<DiagnosticsSettings>;
  explained: Loadable<ExplainTextResult>;
  /** By verifySlot: the finding id for fix and undo re-checks, `check:<id>` for a manual fix's Check. */
  verifications: Record<string, VerifyState>;
  applied: Record<string, AppliedFix>;
  /** Scans also read every instance's latest logs: slower (a log request and a wait), so off unless asked. */
  readLogs: boolean;

  resetFor: (key: string) => void;
  setReadLogs: (readLogs: boolean) => void;
  ensureScan: (target: Target, scope?: string) => void;
  scan: (target: Target, scope?: string) => Promise<void>;
  verify: (target: Target, findingId: string, reason?: CheckReason) => Promise<void>;
  /** Re-check every few seconds until the expected outcome, at most POLL_LIMIT times. */
  watch: (target: Target, findingId: string, reason: CheckReason) => void;
  stopWatching: (findingId: string) => void;
  previewFix: (target: Target, findingId: string, fixId: string) => void;
  previewUndo: (findingId: string) => void;
  /** null takes an acceptance back; resolves to the error, if any, so the form can keep the note. */
  accept: (target: Target, findingId: string, note: string | null) => Promise<AppError | null>;
  explainText: (target: Target, text: string) => Promise<void>;
  loadSettings: (target: Target) => Promise<void>;
  saveSettings: (target: Target, settings: DiagnosticsSettings) => Promise<AppError | null>;
  loadConnectivity: (target: Target, environmentName: string) => Promise<void>;
  loadLab: (target: Target, scope?: string) => Promise<void>;
}

const emptyTargetData = {
  scans: {},
  connectivity: {},
  labs: {},
  settings: idle,
  explained: idle,
  verifications: {},
  applied: {},
} satisfies Partial<DiagnosticsState>;

const timers = new Map<string, ReturnType<typeof setTimeout>>();
/** Latest request per slot ("scan:<scope>", "lab:<scope>"...), so a slow older answer cannot overwrite a newer one. */
const latest = new Map<string, number>();
let sequence = 0;

function clearTimers() {
  for (const timer of timers.values()) clearTimeout(timer);
  timers.clear();
}

function patchFinding(findings: Finding[], id: string, accepted: Finding['accepted'] | null): Finding[] {
  if (!findings.some((f) => f.id === id)) return findings;
  return findings.map((f) => {
    if (f.id !== id) return f;
    const { accepted: _old, ...rest } = f;
    void _old;
    return accepted ? { ...rest, accepted } : rest;
  });
}

function patchLoadable<T>(value: Loadable<T>, patch: (data: T) => T): Loadable<T> {
  if (value.status === 'ready') return { status: 'ready', data: patch(value.data) };
  return value;
}

export const useDiagnostics = create<DiagnosticsState>()((set, get) => {
  const current = (target: Target) => get().key === targetKey(target);
  const hold = (target: Target) => {
    if (!current(target)) get().resetFor(targetKey(target));
  };
  const claim = (slot: string) => {
    const mine = ++sequence;
    latest.set(slot, mine);
    return () => latest.get(slot) === mine;
  };
  const setVerify = (findingId: string, patch: Partial<VerifyState>) =>
    set((s) => {
      const before = s.verifications[findingId] ?? { reason: 'check', checking: false, remaining: 0, attempts: 0 };
      return { verifications: { ...s.verifications, [findingId]: { ...before, ...patch } } };
    });

  /** After a fix settled, the lists on screen should say so too. */
  const refreshLoaded = (target: Target) => {
    const { scans, labs } = get();
    for (const scope of Object.keys(scans)) void get().scan(target, scope);
    for (const scope of Object.keys(labs)) void get().loadLab(target, scope);
  };

  return {
    key: null,
    ...emptyTargetData,

    readLogs: false,
    setReadLogs: (readLogs) => set({ readLogs }),

    resetFor: (key) => {
      if (get().key === key) return;
      clearTimers();
      latest.clear();
      set({ key, ...emptyTargetData });
    },

    ensureScan: (target, scope = WHOLE_REGION) => {
      hold(target);
      if (!get().scans[scope]) void get().scan(target, scope);
    },

    scan: async (target, scope = WHOLE_REGION) => {
      hold(target);
      const isLatest = claim(`scan:${scope}`);
      set((s) => ({ scans: { ...s.scans, [scope]: loading(s.scans[scope]) } }));
      const readLogs = get().readLogs;
      const result = await api['diagnostics.scan'](
        scope ? { target, environmentName: scope, readLogs } : { target, readLogs },
      );
      if (!current(target) || !isLatest()) return;
      set((s) => ({ scans: { ...s.scans, [scope]: settle(s.scans[scope], result) } }));
    },

    verify: async (target, findingId, reason = 'check') => {
      // Never re-keys the store: a poll left over from another target must not bring that target back.
      if (!current(target)) return;
      const slot = verifySlot(findingId, reason);
      setVerify(slot, { reason, checking: true, error: undefined });
      const result = await api['diagnostics.verify']({ target, findingId });
      if (!current(target)) return;
      const attempts = (get().verifications[slot]?.attempts ?? 0) + 1;
      if (result.ok) setVerify(slot, { checking: false, result: result.data, attempts });
      else setVerify(slot, { checking: false, error: result.error, attempts });
    },

    watch: (target, findingId, reason) => {
      get().stopWatching(findingId);
      setVerify(findingId, {
        reason,
        remaining: POLL_LIMIT,
        attempts: 0,
        result: undefined,
        error: undefined,
        metricDeadline: undefined,
        metricTimedOut: false,
      });
      const round = async () => {
        timers.delete(findingId);
        await get().verify(target, findingId, reason);
        if (!current(target)) return;
        const state = get().verifications[findingId];
        if (!state || state.reason !== reason || state.remaining === 0) return; // stopped meanwhile
        const next = nextRecheck(state, reason, Date.now());
        setVerify(findingId, next.patch);
        if (next.refreshLists) refreshLoaded(target);
        if (next.againInMs !== undefined)
          timers.set(
            findingId,
            setTimeout(() => void round(), next.againInMs),
          );
      };
      void round();
    },

    stopWatching: (findingId) => {
      const timer = timers.get(findingId);
      if (timer) clearTimeout(timer);
      timers.delete(findingId);
      if (get().verifications[findingId]) setVerify(findingId, { remaining: 0 });
    },

    previewFix: (target, findingId, fixId) => {
      hold(target);
      void useChanges.getState().previewFix(target, findingId, fixId);
    },

    previewUndo: (findingId) => {
      const applied = get().applied[findingId];
      if (applied) void useChanges.getState().previewUndo(applied.entryId);
    },

    accept: async (target, findingId, note) => {
      hold(target);
      const result = await api['diagnostics.accept']({ target, findingId, note });
      if (!result.ok) return result.error;
      if (!current(target)) return null;
      const accepted = result.data.accepted;
      set((s) => ({
        scans: Object.fromEntries(
          Object.entries(s.scans).map(([scope, scan]) => [
            scope,
            patchLoadable(scan, (d) => ({ ...d, findings: patchFinding(d.findings, findingId, accepted) })),
          ]),
        ),
        labs: Object.fromEntries(
          Object.entries(s.labs).map(([scope, lab]) => [
            scope,
            patchLoadable(lab, (d) => ({
              ...d,
              items: d.items.map((item) => ({ ...item, findings: patchFinding(item.findings, findingId, accepted) })),
            })),
          ]),
        ),
        explained: patchLoadable(s.explained, (d) => ({
          ...d,
          findings: patchFinding(d.findings, findingId, accepted),
        })),
      }));
      return null;
    },

    explainText: async (target, text) => {
      hold(target);
      const isLatest = claim('explain');
      set((s) => ({ explained: loading(s.explained) }));
      const result = await api['diagnostics.explainText']({ target, text });
      if (!current(target) || !isLatest()) return;
      set((s) => ({ explained: settle(s.explained, result) }));
    },

    loadSettings: async (target) => {
      hold(target);
      const isLatest = claim('settings');
      set((s) => ({ settings: loading(s.settings) }));
      const result = await api['diagnostics.getSettings']({ target });
      if (!current(target) || !isLatest()) return;
      set((s) => ({ settings: settle(s.settings, result) }));
    },

    saveSettings: async (target, settings) => {
      hold(target);
      const result = await api['diagnostics.saveSettings']({ target, settings });
      if (!result.ok) return result.error;
      if (current(target)) {
        claim('settings'); // a load still in flight holds the old settings
        set({ settings: { status: 'ready', data: result.data } });
      }
      return null;
    },

    loadConnectivity: async (target, environmentName) => {
      hold(target);
      const isLatest = claim(`map:${environmentName}`);
      set((s) => ({
        connectivity: { ...s.connectivity, [environmentName]: loading(s.connectivity[environmentName]) },
      }));
      const result = await api['diagnostics.connectivity']({ target, environmentName });
      if (!current(target) || !isLatest()) return;
      set((s) => ({
        connectivity: { ...s.connectivity, [environmentName]: settle(s.connectivity[environmentName], result) },
      }));
    },

    loadLab: async (target, scope = WHOLE_REGION) => {
      hold(target);
      const isLatest = claim(`lab:${scope}`);
      set((s) => ({ labs: { ...s.labs, [scope]: loading(s.labs[scope]) } }));
      const result = await api['diagnostics.labChecklist'](scope ? { target, environmentName: scope } : { target });
      if (!current(target) || !isLatest()) return;
      set((s) => ({ labs: { ...s.labs, [scope]: settle(s.labs[scope], result) } }));
    },
  };
});

/** A finding by id from anything loaded: scans, checklists, explained text, or the last re-check. */
export function findFinding(state: DiagnosticsState, findingId: string): Finding | undefined {
  for (const scan of Object.values(state.scans)) {
    const found = dataOf(scan)?.findings.find((f) => f.id === findingId);
    if (found) return found;
  }
  for (const lab of Object.values(state.labs)) {
    for (const item of dataOf(lab)?.items ?? []) {
      const found = item.findings.find((f) => f.id === findingId);
      if (found) return found;
    }
  }
  return (
    dataOf(state.explained)?.findings.find((f) => f.id === findingId) ??
    state.verifications[findingId]?.result?.finding ??
    state.applied[findingId]?.finding
  );
}

// Fixes and their undos go through the shared Review change dialog; once one is applied the
// finding is re-checked here, wherever the dialog was opened from.
useChanges.subscribe((state, previous) => {
  if (state.phase !== 'done' || previous.phase === 'done' || !state.outcome || !state.request) return;
  const { request, outcome } = state;
  const diagnostics = useDiagnostics.getState();
  if (request.kind === 'fix') {
    if (!current(request.target) || outcome.entry.status !== 'applied') return;
    useDiagnostics.setState((s) => ({
      applied: {
        ...s.applied,
        [request.findingId]: {
          entryId: outcome.entry.id,
          target: request.target,
          undone: false,
          finding: findFinding(s, request.findingId),
        },
      },
    }));
    diagnostics.watch(request.target, request.findingId, 'fix');
  } else if (request.kind === 'undo') {
    const match = Object.entries(diagnostics.applied).find(([, fix]) => fix.entryId === request.entryId);
    if (!match || outcome.entry.status !== 'applied') return;
    const [findingId, fix] = match;
    useDiagnostics.setState((s) => ({ applied: { ...s.applied, [findingId]: { ...fix, undone: true } } }));
    diagnostics.watch(fix.target, findingId, 'undo');
  }

  function current(target: Target) {
    return useDiagnostics.getState().key === targetKey(target);
  }
});

// The session resets the other stores itself; this one follows it so a switch also stops any polling.
useSession.subscribe((state, previous) => {
  if (state.target && state.target !== previous.target) useDiagnostics.getState().resetFor(targetKey(state.target));
});
