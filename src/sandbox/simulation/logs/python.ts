/**
 * Python tracebacks as the app's interpreter prints them on each platform
 * generation: the app's own frames (read from its bundle), the library frames
 * the failure passes through, and the exception line the training notes quote.
 * Library line numbers follow the versions each generation typically runs
 * (Flask 1.0 on Python 3.6 for the legacy AMI, Flask 3.0 on AL2/AL2023); the
 * exception lines are exact.
 */
import type { LogCause, SourceFrame } from '../../state/logState';
import type { LogGeneration } from './logFiles';

export interface PythonRuntime {
  /** Where EB unpacks the app. */
  readonly appDir: string;
  readonly sitePackages: string;
  readonly generation: LogGeneration;
  readonly version: string;
}

export function pythonRuntime(generation: LogGeneration, version: string): PythonRuntime {
  return generation === 'legacy'
    ? {
        appDir: '/opt/python/current/app',
        sitePackages: `/opt/python/run/venv/local/lib64/python${version}/site-packages`,
        generation,
        version,
      }
    : {
        appDir: '/var/app/current',
        sitePackages: `/var/app/venv/staging-LQM1lest/lib64/python${version}/site-packages`,
        generation,
        version,
      };
}

type Frame = readonly [file: string, line: number, fn: string, code: string];

function render([file, line, fn, code]: Frame): string[] {
  return [`  File "${file}", line ${line}, in ${fn}`, ...(code === '' ? [] : [`    ${code}`])];
}

function appFrames(runtime: PythonRuntime, frames: readonly SourceFrame[]): Frame[] {
  return frames.map((f) => [`${runtime.appDir}/${f.file}`, f.line, f.function, f.code]);
}

/** `os.environ[...]`'s `__getitem__`, whose file and line moved between Python versions. */
function osFrame(version: string): Frame {
  const lines: Readonly<Record<string, number>> = { '3.6': 669, '3.7': 678, '3.8': 675, '3.9': 679, '3.10': 680 };
  const frozen: Readonly<Record<string, number>> = { '3.11': 679, '3.12': 714, '3.13': 716 };
  const code = 'raise KeyError(key) from None';
  const line = lines[version];
  if (line !== undefined) return [`/usr/lib64/python${version}/os.py`, line, '__getitem__', code];
  return ['<frozen os>', frozen[version] ?? 679, '__getitem__', ''];
}

/** Flask's request dispatch, from the WSGI entry point to the view. */
function flaskFrames(runtime: PythonRuntime): Frame[] {
  const app = `${runtime.sitePackages}/flask/app.py`;
  if (runtime.generation === 'legacy') {
    return [
      [app, 2292, 'wsgi_app', 'response = self.full_dispatch_request()'],
      [app, 1815, 'full_dispatch_request', 'rv = self.handle_user_exception(e)'],
      [app, 1718, 'handle_user_exception', 'reraise(exc_type, exc_value, tb)'],
      [`${runtime.sitePackages}/flask/_compat.py`, 35, 'reraise', 'raise value'],
      [app, 1813, 'full_dispatch_request', 'rv = self.dispatch_request()'],
      [app, 1799, 'dispatch_request', 'return self.view_functions[rule.endpoint](**req.view_args)'],
    ];
  }
  return [
    [app, 1473, 'wsgi_app', 'response = self.full_dispatch_request()'],
    [app, 882, 'full_dispatch_request', 'rv = self.handle_user_exception(e)'],
    [app, 880, 'full_dispatch_request', 'rv = self.dispatch_request()'],
    [app, 865, 'dispatch_request', 'return self.ensure_sync(self.view_functions[rule.endpoint])(**view_args)'],
  ];
}

/** The frames inside the library that raised, and the exception line itself. */
function raised(runtime: PythonRuntime, cause: LogCause): { frames: Frame[]; line: string } {
  const site = runtime.sitePackages;
  switch (cause.kind) {
    case 'module-missing':
      return { frames: [], line: `ModuleNotFoundError: No module named '${cause.module}'` };
    case 'key-error':
      return { frames: [osFrame(runtime.version)], line: `KeyError: '${cause.name}'` };
    case 'no-region':
      return {
        frames: [
          [`${site}/boto3/__init__.py`, 92, 'client', 'return _get_default_session().client(*args, **kwargs)'],
          [`${site}/boto3/session.py`, 299, 'client', 'return self._session.create_client('],
          [`${site}/botocore/session.py`, 976, 'create_client', 'client = client_creator.create_client('],
          [`${site}/botocore/client.py`, 155, 'create_client', 'client_args = self._get_client_args('],
          [`${site}/botocore/client.py`, 485, '_get_client_args', 'return args_creator.get_client_args('],
          [`${site}/botocore/args.py`, 92, 'get_client_args', 'final_args = self.compute_client_args('],
          [`${site}/botocore/args.py`, 253, 'compute_client_args', 'endpoint_config = self._compute_endpoint_config('],
          [`${site}/botocore/regions.py`, 193, '_endpoint_for_partition', 'raise NoRegionError()'],
        ],
        line: 'botocore.exceptions.NoRegionError: You must specify a region.',
      };
    case 'database':
      return cause.engine === 'postgres'
        ? {
            frames: [
              [
                `${site}/psycopg2/__init__.py`,
                122,
                'connect',
                'conn = _connect(dsn, connection_factory=connection_factory, **kwasync)',
              ],
            ],
            line: cause.error,
          }
        : {
            frames: [
              [`${site}/mysql/connector/__init__.py`, 173, 'connect', 'return MySQLConnection(*args, **kwargs)'],
              [`${site}/mysql/connector/connection.py`, 102, '__init__', 'self.connect(**kwargs)'],
              [`${site}/mysql/connector/abstracts.py`, 731, 'connect', 'self._open_connection()'],
              [`${site}/mysql/connector/connection.py`, 241, '_open_connection', 'self._socket.open_connection()'],
              [
                `${site}/mysql/connector/network.py`,
                492,
                'open_connection',
                'errno=2003, values=(self.get_address(), _strioerror(err)))',
              ],
            ],
            line: cause.error,
          };
    case 'access-denied':
      return {
        frames: [
          [`${site}/botocore/client.py`, 565, '_api_call', 'return self._make_api_call(operation_name, kwargs)'],
          [`${site}/botocore/client.py`, 1021, '_make_api_call', 'raise error_class(parsed_response, operation_name)'],
        ],
        line: cause.error,
      };
    default:
      return { frames: [], line: `RuntimeError: ${cause.kind}` };
  }
}

/** The traceback of a failure while importing the WSGI module: the app's frames from its first line. */
export function importTraceback(runtime: PythonRuntime, cause: LogCause): string[] {
  const own = 'frames' in cause ? appFrames(runtime, cause.frames) : [];
  const { frames, line } = raised(runtime, cause);
  return ['Traceback (most recent call last):', ...[...own, ...frames].flatMap(render), line];
}

/** The traceback Flask logs for an exception in a view: dispatch frames, then the app's, then the library's. */
export function requestTraceback(runtime: PythonRuntime, cause: LogCause): string[] {
  // Module-level lines ran at import; only the view's own frames are on a request's stack.
  const own = 'frames' in cause ? appFrames(runtime, cause.frames).filter(([, , fn]) => fn !== '<module>') : [];
  const { frames, line } = raised(runtime, cause);
  return ['Traceback (most recent call last):', ...[...flaskFrames(runtime), ...own, ...frames].flatMap(render), line];
}
