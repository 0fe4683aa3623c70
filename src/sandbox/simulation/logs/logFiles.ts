/**
 * The log files each platform generation writes, and the two shapes EB hands
 * them over in: the tail (the last 100 lines of each file in one text, under
 * EB's dashed section headers) and the bundle (a zip of `var/log/...`).
 * CloudWatch Logs groups are named after the same paths.
 */
import { zipSync } from 'fflate';
import type { EnvironmentState } from '../../state/beanstalkState';
import { platformFacts, type PythonGeneration } from '../platform';

export type LogGeneration = PythonGeneration;

export const LOG_FILES = {
  /** Apache + mod_wsgi on the Amazon Linux AMI (2018.03): the host manager logs deployments to eb-activity.log. */
  legacy: {
    deployment: '/var/log/eb-activity.log',
    access: '/var/log/httpd/access_log',
    error: '/var/log/httpd/error_log',
  },
  /** nginx + gunicorn on Amazon Linux 2 and 2023: the platform engine logs deployments to eb-engine.log. */
  gunicorn: {
    deployment: '/var/log/eb-engine.log',
    access: '/var/log/nginx/access.log',
    error: '/var/log/nginx/error.log',
    web: '/var/log/web.stdout.log',
  },
} as const;

/** Every file of a generation, in the order the tail lists them. */
export function logFilePaths(generation: LogGeneration): readonly string[] {
  return Object.values(LOG_FILES[generation]);
}

export function logGeneration(env: Pick<EnvironmentState, 'solutionStackName' | 'platformArn'>): LogGeneration {
  return platformFacts(env.solutionStackName, env.platformArn).generation;
}

/** The Python minor version the platform runs, e.g. `3.6`; the generation's usual one when the name does not say. */
export function pythonVersion(env: Pick<EnvironmentState, 'solutionStackName' | 'platformArn'>): string {
  const description = env.solutionStackName ?? env.platformArn ?? '';
  const named = /Python\s+(\d+\.\d+)/i.exec(description)?.[1];
  return named ?? (logGeneration(env) === 'legacy' ? '3.6' : '3.11');
}

export interface LogLine {
  /** Epoch ms on the sandbox clock. */
  readonly at: number;
  readonly text: string;
}

export interface RenderedLogFile {
  /** As on the instance, e.g. `/var/log/web.stdout.log`. */
  readonly path: string;
  /** Oldest first. */
  readonly lines: readonly LogLine[];
}

/** `eb logs` and the console's "Last 100 lines". */
export const TAIL_LINES = 100;
const RULE = '-'.repeat(40);

/** One instance's TailLogs object: each file's last 100 lines under `----/path/----`, a blank line between files. */
export function tailText(files: readonly RenderedLogFile[]): string {
  return files
    .map((file) => {
      const lines = file.lines.slice(-TAIL_LINES).map((line) => line.text);
      return [RULE, file.path, RULE, ...lines, ''].join('\n');
    })
    .join('\n\n');
}

export function fileText(file: RenderedLogFile): string {
  return file.lines.length === 0 ? '' : `${file.lines.map((line) => line.text).join('\n')}\n`;
}

/** One instance's BundleLogs zip: every file whole, under `var/log/...` as `tar` of `/` would name it. */
export function bundleZip(files: readonly RenderedLogFile[], at: number): Uint8Array {
  const mtime = new Date(at);
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const file of files) {
    entries[file.path.replace(/^\/+/, '')] = [new TextEncoder().encode(fileText(file)), { mtime }];
  }
  return zipSync(entries, { level: 6 });
}

/** The CloudWatch Logs group EB streams a file to: `/aws/elasticbeanstalk/<env>/var/log/...`. */
export function logGroupName(environmentName: string, path: string): string {
  return `/aws/elasticbeanstalk/${environmentName}${path}`;
}

/** Collects one file's lines from several sources (deployments, requests) and orders them by time. */
export class LogSink {
  private readonly entries: Array<LogLine & { readonly seq: number }> = [];

  constructor(private readonly until: number) {}

  /** Lines after the read's time have not been written yet, so they are dropped. */
  write(at: number, ...texts: readonly string[]): void {
    for (const text of texts) {
      if (at <= this.until) this.entries.push({ at, text, seq: this.entries.length });
    }
  }

  file(path: string): RenderedLogFile {
    const lines = [...this.entries].sort((a, b) => a.at - b.at || a.seq - b.seq).map(({ at, text }) => ({ at, text }));
    return { path, lines };
  }
}
