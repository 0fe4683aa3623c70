/**
 * What the sandbox needs to know about a platform: whether it runs Python,
 * and which generation, because the generations read WSGIPath differently
 * (a file path on the legacy Amazon Linux AMI, `module:callable` for gunicorn
 * on Amazon Linux 2 and 2023).
 */
export type PythonGeneration = 'legacy' | 'gunicorn';

export interface PlatformFacts {
  readonly python: boolean;
  readonly generation: PythonGeneration;
  readonly description: string;
}

export function platformFacts(solutionStackName: string | undefined, platformArn: string | undefined): PlatformFacts {
  const description = solutionStackName ?? platformArn ?? '';
  const python = /python/i.test(description);
  // "64bit Amazon Linux 2018.03 v2.9.x running Python 3.6": the year.month form names the legacy AMI.
  const legacy = /Amazon Linux (?:AMI|20\d\d\.\d\d)/i.test(description) || /Amazon Linux\/2\.\d/.test(description);
  return { python, generation: legacy ? 'legacy' : 'gunicorn', description };
}

export const LEGACY_DEFAULT_WSGI_PATH = 'application.py';
export const GUNICORN_DEFAULT_WSGI_PATH = 'application:application';
