/**
 * Which Python platform generation an environment runs, from its solution
 * stack or platform ARN. The generations read WSGIPath differently: the
 * legacy Amazon Linux AMI (mod_wsgi) takes a file path, Amazon Linux 2 and
 * 2023 (gunicorn) take `module:callable`.
 */
export type PythonGeneration = 'legacy' | 'gunicorn';

export interface PlatformInfo {
  python: boolean;
  generation: PythonGeneration;
  /** The text the decision was made from, for check details. */
  description: string;
}

export const LEGACY_DEFAULT_WSGI_PATH = 'application.py';
export const GUNICORN_DEFAULT_WSGI_PATH = 'application:application';

export function pythonPlatform(solutionStackName: string | undefined, platformArn: string | undefined): PlatformInfo {
  const description = solutionStackName ?? platformArn ?? '';
  const python = /\bPython\b/i.test(description);
  const legacy =
    // "64bit Amazon Linux 2018.03 v2.9.21 running Python 3.6": a year.month release names the old AMI.
    /Amazon Linux (?:AMI\b|20\d\d\.\d\d)/i.test(description) ||
    // ".../platform/Python 3.6 running on 64bit Amazon Linux/2.9.21": no generation number before the version.
    /running on 64bit Amazon Linux\/\d/i.test(description);
  return { python, generation: legacy ? 'legacy' : 'gunicorn', description };
}

export function defaultWsgiPath(generation: PythonGeneration): string {
  return generation === 'legacy' ? LEGACY_DEFAULT_WSGI_PATH : GUNICORN_DEFAULT_WSGI_PATH;
}
