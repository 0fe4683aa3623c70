/**
 * Deployments: each application's versions, and the one Deploy dialog's
 * session (the source being staged, the staged bundle, its pre-flight checks
 * for the chosen environment). A staged bundle lives in main until it is
 * deployed or discarded; this store discards every bundle it stops using.
 * Late answers for a session that has moved on, or for another target, are dropped.
 */
import { create } from 'zustand';
import type {
  AppError,
  ApplicationVersions,
  ChangeIntent,
  Preflight,
  Result,
  StagedBundle,
  Target,
} from '../../../shared/contract';
import { api } from '../api';
import { browserPut, sendFiles, sessionToken, type UploadItem, type UploadProgress } from '../api/upload';
import { idle, loading, settle, type Loadable } from '../model/loadable';
import { targetKey } from '../model/target';
import { useBeanstalk } from './beanstalk';
import { useChanges } from './changes';
import { useSession } from './session';

export type SourceKind = 'folder' | 'zip';

export interface DeploySession {
  target: Target;
  applicationName: string;
  environmentName: string;
  /** `choosing`: the desktop open dialog is up; `staging`: main is zipping or reading what it got. */
  phase: 'choose' | 'choosing' | 'uploading' | 'staging' | 'staged';
  /** What is being staged, in words, while it is ("folder FlaskApp", "deploy-app.zip"). */
  source?: string;
  progress?: UploadProgress;
  bundle?: StagedBundle;
  stageError?: AppError;
  preflight: Loadable<Preflight>;
  /** Set once a deploy of this bundle was applied: the dialog closes with the Review dialog. */
  deployed: boolean;
}

export interface DeployState {
  key: string | null;
  /** By application name. */
  versions: Record<string, Loadable<ApplicationVersions>>;
  session: DeploySession | null;

  resetFor: (key: string) => void;
  ensureVersions: (target: Target, applicationName: string) => void;
  loadVersions: (target: Target, applicationName: string) => Promise<void>;

  openDeploy: (target: Target, applicationName: string, environmentName: string) => void;
  setEnvironment: (environmentName: string) => void;
  /** Desktop: the native open dialog in main. */
  chooseSource: (kind: SourceKind) => Promise<void>;
  /** Web mode: the files a browser input gave, streamed to main. */
  uploadFiles: (kind: SourceKind, name: string, items: readonly UploadItem[]) => Promise<void>;
  /** The F3/F15 fix: the chosen environment's deployed version with its app folder's contents at the root. */
  rebundle: () => Promise<void>;
  cancelUpload: () => void;
  runPreflight: () => Promise<void>;
  closeDeploy: () => void;
}

const DEPLOY_KINDS = new Set<ChangeIntent['kind']>([
  'beanstalk.deployBundle',
  'beanstalk.deployVersion',
  'beanstalk.deleteVersion',
  'beanstalk.createVersion',
]);

/** Bumped whenever the session starts over, changes source or closes, so late answers are recognised. */
let sessionGeneration = 0;
let uploadAbort: AbortController | null = null;

function discard(bundle: StagedBundle | undefined) {
  if (bundle) void api['deploy.discardBundle']({ bundleId: bundle.id });
}

export const useDeploy = create<DeployState>()((set, get) => {
  const current = (target: Target) => get().key === targetKey(target);

  const patch = (generation: number, update: Partial<DeploySession>) => {
    if (generation !== sessionGeneration) return false;
    set((s) => (s.session ? { session: { ...s.session, ...update } } : {}));
    return true;
  };

  /** Drops the staged bundle (if any) and starts a new staging attempt; returns its generation. */
  const restage = (update: Partial<DeploySession>): number => {
    uploadAbort?.abort();
    uploadAbort = null;
    discard(get().session?.bundle);
    const generation = ++sessionGeneration;
    set((s) =>
      s.session
        ? {
            session: {
              ...s.session,
              bundle: undefined,
              stageError: undefined,
              progress: undefined,
              preflight: idle,
              deployed: false,
              ...update,
            },
          }
        : {},
    );
    return generation;
  };

  const staged = (generation: number, result: Result<StagedBundle | null>) => {
    if (generation !== sessionGeneration) {
      // The session moved on while main staged this one: main must not keep it.
      if (result.ok) discard(result.data ?? undefined);
      return;
    }
    if (!result.ok) {
      patch(generation, { phase: 'choose', stageError: result.error, source: undefined, progress: undefined });
      return;
    }
    if (!result.data) {
      patch(generation, { phase: 'choose', source: undefined });
      return;
    }
    patch(generation, { phase: 'staged', bundle: result.data, source: undefined, progress: undefined });
    void get().runPreflight();
  };

  return {
    key: null,
    versions: {},
    session: null,

    resetFor: (key) => {
      if (get().key === key) return;
      get().closeDeploy();
      set({ key, versions: {} });
    },

    ensureVersions: (target, applicationName) => {
      if (!current(target)) get().resetFor(targetKey(target));
      if ((get().versions[applicationName]?.status ?? 'idle') === 'idle')
        void get().loadVersions(target, applicationName);
    },

    loadVersions: async (target, applicationName) => {
      if (!current(target)) return;
      set((s) => ({ versions: { ...s.versions, [applicationName]: loading(s.versions[applicationName]) } }));
      const result = await api['deploy.listVersions']({ target, applicationName });
      if (!current(target)) return;
      set((s) => ({ versions: { ...s.versions, [applicationName]: settle(s.versions[applicationName], result) } }));
    },

    openDeploy: (target, applicationName, environmentName) => {
      get().closeDeploy();
      if (!current(target)) get().resetFor(targetKey(target));
      sessionGeneration++;
      set({
        session: { target, applicationName, environmentName, phase: 'choose', preflight: idle, deployed: false },
      });
      // The labels the application has, so a taken one is refused before any plan.
      get().ensureVersions(target, applicationName);
    },

    setEnvironment: (environmentName) => {
      const session = get().session;
      if (!session || session.environmentName === environmentName) return;
      set({ session: { ...session, environmentName, preflight: idle } });
      if (session.bundle) void get().runPreflight();
    },

    chooseSource: async (kind) => {
      if (!get().session) return;
      const generation = restage({ phase: 'choosing' });
      const result = await api['deploy.chooseSource']({ kind });
      if (result.ok && result.data && generation === sessionGeneration) patch(generation, { phase: 'staging' });
      staged(generation, result);
    },

    uploadFiles: async (kind, name, items) => {
      if (!get().session) return;
      const source = kind === 'folder' ? `folder ${name}` : name;
      const generation = restage({ phase: 'uploading', source });
      const begun = await api['deploy.beginUpload']({ kind, name });
      if (generation !== sessionGeneration) return;
      if (!begun.ok) return staged(generation, { ok: false, error: begun.error });
      const abort = new AbortController();
      uploadAbort = abort;
      const sent = await sendFiles({
        uploadId: begun.data.uploadId,
        items,
        limits: begun.data,
        token: sessionToken(),
        put: browserPut,
        signal: abort.signal,
        onProgress: (progress) => patch(generation, { progress }),
      });
      if (uploadAbort === abort) uploadAbort = null;
      if (generation !== sessionGeneration) return;
      if (!sent.ok) return staged(generation, { ok: false, error: sent.error });
      patch(generation, { phase: 'staging' });
      staged(generation, await api['deploy.finishUpload']({ uploadId: begun.data.uploadId }));
    },

    rebundle: async () => {
      const session = get().session;
      if (!session) return;
      const { target, environmentName } = session;
      const generation = restage({ phase: 'staging', source: `what ${environmentName} runs` });
      staged(generation, await api['deploy.rebundle']({ target, environmentName }));
    },

    cancelUpload: () => {
      const session = get().session;
      if (session?.phase !== 'uploading') return;
      restage({ phase: 'choose', source: undefined });
    },

    runPreflight: async () => {
      const session = get().session;
      if (!session?.bundle) return;
      const generation = sessionGeneration;
      const { target, environmentName, bundle } = session;
      set({ session: { ...session, preflight: loading(session.preflight) } });
      const result = await api['deploy.preflight']({ target, environmentName, bundleId: bundle.id });
      const now = get().session;
      if (generation !== sessionGeneration || now?.environmentName !== environmentName || now.bundle !== bundle) return;
      set({ session: { ...now, preflight: settle(now.preflight, result) } });
    },

    closeDeploy: () => {
      const session = get().session;
      if (!session) return;
      uploadAbort?.abort();
      uploadAbort = null;
      sessionGeneration++;
      discard(session.bundle);
      set({ session: null });
    },
  };
});

/** Environment and application a deploy intent touches, for the reload after it. */
function touched(intent: ChangeIntent): { environmentName?: string; applicationName?: string } {
  switch (intent.kind) {
    case 'beanstalk.deployBundle':
    case 'beanstalk.deployVersion':
      return { environmentName: intent.environmentName };
    case 'beanstalk.deleteVersion':
    case 'beanstalk.createVersion':
      return { applicationName: intent.applicationName };
    default:
      return {};
  }
}

// Deploys, roll-backs and deletions are applied from the shared Review change dialog (and undone from
// the Journal), so what they touched is re-read here whenever one finishes, wherever it was started.
useChanges.subscribe((state, previous) => {
  if (state.phase !== 'done' || previous.phase === 'done' || !state.plan) return;
  const { plan, outcome } = state;
  if (!DEPLOY_KINDS.has(plan.intent.kind)) return;
  const { environmentName, applicationName } = touched(plan.intent);
  if (environmentName) useBeanstalk.getState().afterChange(plan.target, environmentName);

  const deploy = useDeploy.getState();
  if (deploy.key !== targetKey(plan.target)) return;
  for (const [name, versions] of Object.entries(deploy.versions)) {
    if (versions.status === 'idle') continue;
    // A deploy names only its environment; any application shown may hold it, and a reload is one call.
    if (!applicationName || applicationName === name) void deploy.loadVersions(plan.target, name);
  }
  const session = deploy.session;
  if (
    session &&
    plan.intent.kind === 'beanstalk.deployBundle' &&
    plan.intent.bundleId === session.bundle?.id &&
    outcome?.entry.status === 'applied'
  ) {
    useDeploy.setState({ session: { ...session, deployed: true } });
  }
});

// The session resets the other target-keyed stores itself; this one follows it.
useSession.subscribe((state, previous) => {
  if (state.target && state.target !== previous.target) useDeploy.getState().resetFor(targetKey(state.target));
});
