/**
 * The manual re-bundle: zip the app folder's contents so the app sits at the
 * zip root, upload it as a NEW object and version (the deployed version keeps
 * its own object, so rolling back stays possible), and deploy it. Used by F3
 * and F15; the commands carry the real bucket, key, application and
 * environment names from the scan.
 */
import type { ManualFix } from '../../../shared/contract';
import type { FixDraft } from '../types';
import { NS } from './options';

export interface RebundleInput {
  applicationName: string;
  environmentName: string;
  versionLabel?: string;
  sourceBundle?: { bucket: string; key: string };
  /** The folder inside the current zip whose contents become the new root; '' when the root stays. */
  folder: string;
  region: string;
  account: string;
  /** Set when WSGIPath must change with the new layout, e.g. `FlaskApp/application.py` → `application.py`. */
  wsgiPathAfter?: string;
  /** Extra first steps, e.g. creating a missing requirements.txt. */
  before?: ManualFix['steps'];
}

type Step = ManualFix['steps'][number];

/** Single-quotes a shell word only when it needs it, so the common case reads like the seed's commands. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function stemOf(key: string): string {
  const base = key.slice(key.lastIndexOf('/') + 1);
  return base.replace(/\.zip$/i, '') || 'bundle';
}

export interface RebundleNames {
  zipFile: string;
  bucket: string;
  key: string;
  versionLabel: string;
}

/** New names derived from the deployed ones, so the upload never overwrites the object a version points at. */
export function rebundleNames(input: RebundleInput): RebundleNames {
  const stem = input.sourceBundle ? stemOf(input.sourceBundle.key) : input.applicationName.replace(/[^\w.-]+/g, '-');
  const zipFile = `${stem}-rebundled.zip`;
  const keyFolder = input.sourceBundle
    ? input.sourceBundle.key.slice(0, input.sourceBundle.key.lastIndexOf('/') + 1)
    : '';
  const bucket = input.sourceBundle?.bucket ?? `elasticbeanstalk-${input.region}-${input.account}`;
  const versionLabel = `${input.versionLabel ?? stem}-rebundled`.slice(0, 100);
  return { zipFile, bucket, key: `${keyFolder}${zipFile}`, versionLabel };
}

export function rebundleSteps(input: RebundleInput): Step[] {
  const names = rebundleNames(input);
  const region = shellWord(input.region);
  const up =
    input.folder === ''
      ? ''
      : input.folder
          .split('/')
          .map(() => '..')
          .join('/');
  const zipStep: Step =
    input.folder === ''
      ? {
          text: `In the app folder, zip its contents into a new file ${names.zipFile}, so the app and requirements.txt sit at the zip root (a new file name keeps zip from adding to an older archive).`,
          command: `zip -r ${shellWord(names.zipFile)} .`,
        }
      : {
          text: `From the project folder, zip the CONTENTS of ${input.folder}/ (not the folder itself), so its files sit at the zip root; a new file name keeps zip from adding to the old archive.`,
          command: `cd ${shellWord(input.folder)} && zip -r ${shellWord(`${up}/${names.zipFile}`)} .`,
        };
  const uploadStep: Step = {
    text: `${input.folder === '' ? 'Upload' : 'Back in the project folder (cd ' + up + '), upload'} the new bundle under a new key; the deployed version keeps its own object, so you can roll back to it.`,
    command: `aws s3 cp ${shellWord(names.zipFile)} ${shellWord(`s3://${names.bucket}/${names.key}`)} --region ${region}`,
  };
  const versionStep: Step = {
    text: `Register it as application version ${names.versionLabel} of ${input.applicationName}.`,
    command:
      `aws elasticbeanstalk create-application-version --application-name ${shellWord(input.applicationName)}` +
      ` --version-label ${shellWord(names.versionLabel)}` +
      ` --source-bundle ${shellWord(`S3Bucket=${names.bucket},S3Key=${names.key}`)} --region ${region}`,
  };
  const wsgiOption = input.wsgiPathAfter
    ? ` --option-settings ${shellWord(`Namespace=${NS.python},OptionName=WSGIPath,Value=${input.wsgiPathAfter}`)}`
    : '';
  const deployStep: Step = {
    text: input.wsgiPathAfter
      ? `Deploy it to ${input.environmentName}, setting WSGIPath back to ${input.wsgiPathAfter} for the new layout.`
      : `Deploy it to ${input.environmentName}.`,
    command:
      `aws elasticbeanstalk update-environment --environment-name ${shellWord(input.environmentName)}` +
      ` --version-label ${shellWord(names.versionLabel)}${wsgiOption} --region ${region}`,
  };
  return [...(input.before ?? []), zipStep, uploadStep, versionStep, deployStep];
}

/**
 * The same re-bundle done by the console in one click: main rebuilds the deployed version with
 * `folder`'s contents at the zip root, checks it against the environment's platform and deploys it as
 * a new label (undo redeploys the old one). Offered only where the move alone repairs the app: when the
 * WSGIPath would have to change too, EB takes that as a separate update, so the manual steps stay.
 */
export function rebundleFixDraft(input: RebundleInput, recommended: boolean): FixDraft | undefined {
  if (input.folder === '' || input.wsgiPathAfter !== undefined || (input.before ?? []).length > 0) return undefined;
  const from = input.versionLabel ? `version ${input.versionLabel}` : 'the deployed version';
  return {
    id: 'rebundle-deploy',
    label: `Re-bundle with ${input.folder}/ at the zip root and deploy`,
    description:
      `Trellis rebuilds ${from} with the contents of ${input.folder}/ at the zip root (other folders beside it are left out), ` +
      `checks it against ${input.environmentName}'s platform, uploads it to S3 and deploys it as a new version. ` +
      'The old version is kept, so undo deploys it again.',
    recommended,
    intent: { kind: 'beanstalk.rebundleDeploy', environmentName: input.environmentName },
  };
}
