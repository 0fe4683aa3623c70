/**
 * STUB (issue 9, in progress): staged bundles (folder, zip, web upload,
 * re-bundle), pre-flight checks and the application versions listing.
 */
import type { ApplicationVersions, Preflight, StagedBundle, Target } from '../../shared/contract';
import type { ClientFactory } from '../aws/clientFactory';
import { TrellisError } from '../aws/errors';
import type { StagedBundleSource } from '../changes/types';

function notYet(): never {
  throw new TrellisError({ code: 'internal', message: 'Deployments are not built yet.', retryable: false });
}

export interface DeployServiceOptions {
  aws: ClientFactory;
  dataDir: string;
  /** Desktop only: shows the native open dialog and returns the chosen path, or null when cancelled. */
  chooseSource?: (kind: 'folder' | 'zip') => Promise<string | null>;
}

export class DeployService implements StagedBundleSource {
  constructor(private readonly opts: DeployServiceOptions) {}

  listVersions(_target: Target, _applicationName: string): Promise<ApplicationVersions> {
    void this.opts;
    return notYet();
  }
  chooseSource(_kind: 'folder' | 'zip'): Promise<StagedBundle | null> {
    return notYet();
  }
  beginUpload(
    _kind: 'folder' | 'zip',
    _name: string,
  ): Promise<{ uploadId: string; maxBytes: number; maxFiles: number }> {
    return notYet();
  }
  finishUpload(_uploadId: string): Promise<StagedBundle> {
    return notYet();
  }
  rebundle(_target: Target, _environmentName: string): Promise<StagedBundle> {
    return notYet();
  }
  preflight(_target: Target, _environmentName: string, _bundleId: string): Promise<Preflight> {
    return notYet();
  }
  discard(_bundleId: string): Promise<boolean> {
    return notYet();
  }
  read(_bundleId: string): Promise<{ bundle: StagedBundle; bytes: Uint8Array }> {
    return notYet();
  }
}
