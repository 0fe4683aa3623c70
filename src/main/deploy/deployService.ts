/**
 * Deployments, main's side: staging a bundle (a folder zipped with its
 * contents at the root, a .zip checked and kept as it is, a web-mode upload,
 * or a re-bundle of the deployed version), pre-flight checks against the
 * target environment, and the application versions listing. Nothing here
 * writes to AWS: deploying is a change plan (planners/beanstalkDeploy.ts)
 * that reads the staged bundle by id through `read`.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ApplicationVersions, Preflight, StagedBundle, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { TrellisError } from '../aws/errors';
import type { StagedBundleSource } from '../changes/types';
import { listVersions, suggestLabel } from './applicationVersions';
import { bundleProblem, EB_BUNDLE_LIMIT_BYTES, overEbLimit } from './bundleLimits';
import { listFolder, zipFolder } from './folderSource';
import { checkBundleFor } from './preflight';
import { rebundleDeployed } from './rebundle';
import { sha256Of, StagedBundleStore } from './stagedBundles';
import { UploadSessions } from './uploadSessions';
import { inspectZip } from './zipInspection';

export interface DeployServiceOptions {
  aws: ClientFactory;
  dataDir: string;
  /** Desktop only: shows the native open dialog and returns the chosen path, or null when cancelled. */
  chooseSource?: (kind: 'folder' | 'zip') => Promise<string | null>;
  now?: () => Date;
}

export class DeployService implements StagedBundleSource {
  readonly store: StagedBundleStore;
  readonly uploads: UploadSessions;
  private readonly now: () => Date;

  constructor(private readonly opts: DeployServiceOptions) {
    this.now = opts.now ?? (() => new Date());
    this.store = new StagedBundleStore(opts.dataDir, this.now);
    this.uploads = new UploadSessions(opts.dataDir, () => this.now().getTime());
  }

  listVersions(target: Target, applicationName: string): Promise<ApplicationVersions> {
    return listVersions(this.opts.aws, target, applicationName);
  }

  async chooseSource(kind: 'folder' | 'zip'): Promise<StagedBundle | null> {
    if (!this.opts.chooseSource) {
      throw new TrellisError({
        code: 'validation',
        message: `Choosing a ${kind === 'folder' ? 'folder' : '.zip'} from disk needs the desktop app. In web mode, use the file input to upload it.`,
        retryable: false,
      });
    }
    const path = await this.opts.chooseSource(kind);
    if (path === null) return null;
    return kind === 'folder' ? this.stageFolder(path) : this.stageZipFile(path);
  }

  /** Zips the folder's contents (never the folder itself) into the staging area. */
  async stageFolder(root: string, name = basename(root)): Promise<StagedBundle> {
    const listing = await listFolder(root);
    const partial = this.store.partialPath();
    const written = await zipFolder(root, listing, partial, `The zipped folder ${name}`);
    return this.store.commit(partial, {
      origin: `folder ${name}`,
      kind: 'folder',
      stem: name,
      ...written,
      files: listing.files.map((f) => ({ path: f.path, size: f.size })),
      ignored: listing.ignored,
    });
  }

  /** Checks the .zip as EB would unpack it, then keeps a copy of it byte for byte. */
  async stageZipFile(path: string, name = basename(path)): Promise<StagedBundle> {
    let size: number;
    try {
      const info = await stat(path);
      if (info.isDirectory()) throw bundleProblem(`${path} is a folder, not a .zip; choose it as a folder instead.`);
      size = info.size;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw bundleProblem(`The file ${path} does not exist.`);
      if (code === 'EACCES' || code === 'EPERM')
        throw bundleProblem(`The file ${path} cannot be read: permission denied.`);
      throw err;
    }
    if (size > EB_BUNDLE_LIMIT_BYTES) throw overEbLimit(name, size);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM')
        throw bundleProblem(`The file ${path} cannot be read: permission denied.`);
      throw err;
    }
    const inspected = inspectZip(bytes, name);
    const partial = this.store.partialPath();
    await writeFile(partial, bytes, { mode: 0o600, flag: 'wx' });
    return this.store.commit(partial, {
      origin: name,
      kind: 'zip',
      stem: name.replace(/\.zip$/i, ''),
      sizeBytes: bytes.byteLength,
      sha256: sha256Of(bytes),
      files: inspected.files.map((f) => ({ path: f.path, size: f.size })),
    });
  }

  beginUpload(kind: 'folder' | 'zip', name: string): Promise<{ uploadId: string; maxBytes: number; maxFiles: number }> {
    if (kind === 'zip' && !/\.zip$/i.test(name)) {
      return Promise.reject(
        bundleProblem(`${name} is not a .zip file; Elastic Beanstalk source bundles are .zip archives.`),
      );
    }
    if (name.includes('/') || name.includes('\\') || name.includes('\0') || name === '.' || name === '..') {
      return Promise.reject(bundleProblem(`"${name}" is not a plain file or folder name.`));
    }
    return Promise.resolve(this.uploads.begin(kind, name));
  }

  async finishUpload(uploadId: string): Promise<StagedBundle> {
    const session = this.uploads.take(uploadId);
    try {
      if (session.kind === 'folder') return await this.stageFolder(session.dir, session.name);
      const [path] = [...session.paths];
      if (path === undefined) throw bundleProblem(`No file was uploaded for ${session.name}.`);
      return await this.stageZipFile(join(session.dir, ...path.split('/')), session.name);
    } finally {
      this.uploads.drop(uploadId, session.dir);
    }
  }

  rebundle(target: Target, environmentName: string): Promise<StagedBundle> {
    return rebundleDeployed(this.opts.aws, target, environmentName, this.store);
  }

  /** The Doctor's one-click re-bundle: stage the corrected bundle and name a label EB does not have yet. */
  async rebundleForDeploy(
    target: Target,
    environmentName: string,
  ): Promise<{ bundle: StagedBundle; suggestedLabel: string }> {
    const bundle = await this.rebundle(target, environmentName);
    const { suggestedLabel } = await this.preflight(target, environmentName, bundle.id);
    return { bundle, suggestedLabel };
  }

  async preflight(target: Target, environmentName: string, bundleId: string): Promise<Preflight> {
    const { bundle, bytes } = await this.store.read(bundleId);
    const { result } = await checkBundleFor(this.opts.aws, target, environmentName, bundle, bytes);
    const { stem } = await this.store.record(bundleId);
    const suggestedLabel = await suggestLabel(this.opts.aws, target, result.applicationName, stem, this.now());
    return { ...result, suggestedLabel };
  }

  discard(bundleId: string): Promise<boolean> {
    return this.store.discard(bundleId);
  }

  read(bundleId: string): Promise<{ bundle: StagedBundle; bytes: Uint8Array; file: string }> {
    return this.store.read(bundleId);
  }
}
