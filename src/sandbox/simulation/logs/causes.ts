/**
 * Turns the health evaluator's problems into what the app and the platform
 * print about them: the structured detail of each problem, plus the lines of
 * the app's own code that its traceback quotes, read from the deployed bundle.
 * Launch problems print nothing here: no app runs on an instance that
 * cannot launch.
 */
import type { EnvironmentState } from '../../state/beanstalkState';
import type { StateDocument } from '../../state/document';
import type { LogCause, SourceFrame } from '../../state/logState';
import {
  type AppSource,
  firstMissingImport,
  framesTo,
  missingPropertyRead,
  readAppSource,
  wsgiModuleFile,
} from '../appSource';
import { NS, optionValue } from '../options';
import { GUNICORN_DEFAULT_WSGI_PATH, LEGACY_DEFAULT_WSGI_PATH } from '../platform';
import type { Diagnosis, Problem } from '../problems';
import { logGeneration } from './logFiles';

const MAX_CAUSES = 12;
const SDK_CLIENT = /\bboto3\.(?:client|resource)\(|\bSession\(\)\.(?:client|resource)\(/;
const DATABASE_CONNECT =
  /\b(?:mysql\.connector\.connect|pymysql\.connect|MySQLdb\.connect|psycopg2?\.connect|create_engine)\(/;

/** boto3's method for an operation: `GetObject` → `get_object`. */
function snakeCase(operation: string): string {
  return operation.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

interface CodeView {
  readonly source: AppSource | undefined;
  readonly entry: string | undefined;
}

function frames(code: CodeView, match: RegExp): SourceFrame[] {
  return (code.source && framesTo(code.source, code.entry, (line) => match.test(line))) ?? [];
}

function causesOf(problem: Problem, code: CodeView): LogCause[] {
  const detail = problem.detail;
  switch (detail?.kind) {
    case 'wsgi-file':
      return [{ kind: 'wsgi-file-missing', path: detail.path }];
    case 'wsgi-target':
      return [
        {
          kind: 'wsgi-target-missing',
          target: detail.target,
          module: detail.module,
          callable: detail.callable,
          reason: detail.reason,
        },
      ];
    case 'requirements': {
      const found = firstMissingImport(code.source, code.entry);
      return [
        { kind: 'module-missing', module: detail.module, frames: found.module === detail.module ? found.frames : [] },
      ];
    }
    case 'missing-properties': {
      const read = missingPropertyRead(code.source, code.entry, detail.names);
      return [{ kind: 'key-error', name: read.name, frames: read.frames }];
    }
    case 'no-region':
      return [{ kind: 'no-region', frames: frames(code, SDK_CLIENT) }];
    case 'database':
      return [{ kind: 'database', engine: detail.engine, error: detail.error, frames: frames(code, DATABASE_CONNECT) }];
    case 'app-permissions':
      return detail.denials.map((denial) => ({
        kind: 'access-denied' as const,
        error: denial.error,
        frames: frames(code, new RegExp(`\\.${snakeCase(denial.operation)}\\(`)),
      }));
    case 'secrets':
      return [{ kind: 'secrets', failures: [...detail.failures] }];
    case 'bundle':
      return [{ kind: 'bundle', error: detail.error }];
    case undefined:
      return [];
  }
}

/** The causes an environment's instances print, derived from a diagnosis of its deployed state. */
export function deriveLogCauses(doc: StateDocument, env: EnvironmentState, diagnosis: Diagnosis): LogCause[] {
  if (diagnosis.problems.some((p) => p.stage === 'launch')) return [];
  const needsCode = diagnosis.problems.some((p) => p.stage === 'runtime');
  const source = needsCode ? readAppSource(doc, env) : undefined;
  const legacy = logGeneration(env) === 'legacy';
  const wsgiPath =
    optionValue(env.optionSettings, NS.python, 'WSGIPath') ??
    (legacy ? LEGACY_DEFAULT_WSGI_PATH : GUNICORN_DEFAULT_WSGI_PATH);
  const code = { source, entry: source && wsgiModuleFile(source, wsgiPath, legacy) };
  return diagnosis.problems.flatMap((problem) => causesOf(problem, code)).slice(0, MAX_CAUSES);
}
