/**
 * Recognises the error and event texts of the failure catalogue in any blob
 * the user pastes or an event carries. Patterns tolerate other names, ARNs,
 * partitions, ports and account ids: the seed texts are samples, not the only
 * inputs. Each kind maps to one catalogue rule (ruleOf) and one plain
 * sentence (meaningOf).
 */
import type { ParsedTextMatch, RuleId } from '../../../shared/contract';

export type PrincipalType = 'user' | 'role' | 'assumed-role' | 'root' | 'other';

export type ParsedText =
  | {
      kind: 'access-denied';
      /** Empty when the text names the principal without an ARN ("user X is not authorized…"). */
      principalArn: string;
      principalType: PrincipalType;
      principalName: string;
      /** Empty when the text carries no ARN. */
      account: string;
      sessionName?: string;
      action: string;
      resource?: string;
      match: string;
    }
  | { kind: 'wsgi-path-missing'; match: string }
  | { kind: 'web-not-running'; match: string }
  | { kind: 'no-region'; match: string }
  | { kind: 'mysql-connect'; host: string; port?: number; code: string; match: string }
  | { kind: 'postgres-connect'; host?: string; port?: number; match: string }
  | { kind: 'assume-role-failed'; roleArn: string; roleName: string; match: string }
  | { kind: 'instance-profile-missing'; profileName: string; match: string }
  | { kind: 'module-not-found'; module: string; match: string }
  | { kind: 'missing-properties'; names: string[]; match: string }
  | { kind: 'secrets-fetch-failed'; arn?: string; match: string }
  | { kind: 'security-group-invalid'; value: string; match: string };

export type ParsedKind = ParsedText['kind'];

interface Hit {
  start: number;
  end: number;
  parsed: ParsedText;
}

interface Matcher {
  /** Must carry the g flag; matchAll needs it. */
  pattern: RegExp;
  build(m: RegExpMatchArray): ParsedText | undefined;
}

const ARN_CHARS = String.raw`[^\s"'<>(),]+`;
const PARTITION = String.raw`aws(?:-[a-z]+)*`;

/** Sentence punctuation that sticks to an unquoted value at the end of a message. */
function trimTrailing(value: string): string {
  return value.replace(/[.,;:]+$/, '');
}

function portOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  return Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined;
}

/** `arn:aws:iam::123:user/div/name`, `…:role/path/name`, `arn:aws:sts::123:assumed-role/Role/session`, `…:root`. */
export function describePrincipalArn(arn: string): {
  principalType: PrincipalType;
  principalName: string;
  account: string;
  sessionName?: string;
} {
  const parts = arn.split(':');
  const account = parts[4] ?? '';
  const resource = parts.slice(5).join(':');
  const segments = resource.split('/');
  const head = segments[0] ?? '';
  if (head === 'root' && segments.length === 1) return { principalType: 'root', principalName: 'root', account };
  if (head === 'user') return { principalType: 'user', principalName: segments[segments.length - 1] ?? '', account };
  if (head === 'role') return { principalType: 'role', principalName: segments[segments.length - 1] ?? '', account };
  if (head === 'assumed-role') {
    // The session name is the last segment; a role path never shows in an assumed-role ARN.
    const principalName = segments[1] ?? '';
    const sessionName = segments.length > 2 ? segments.slice(2).join('/') : undefined;
    return { principalType: 'assumed-role', principalName, account, ...(sessionName ? { sessionName } : {}) };
  }
  return { principalType: 'other', principalName: segments[segments.length - 1] ?? resource, account };
}

const QUOTED_OR_BARE = String.raw`(?:"([^"]+)"|'([^']+)'|([^\s"']+))`;

const MATCHERS: readonly Matcher[] = [
  {
    // AWS writes "User: <arn> is not authorized to perform: <action> [on resource: <r>] [because …]";
    // notes paraphrase it without the colon or the ARN ("user X is not authorized to perform X").
    pattern: new RegExp(
      String.raw`(?:API:\s*[\w-]+:[\w*]+\s+)?(?:(?:User|Role|Principal):?\s*)?` +
        String.raw`(?:(arn:${PARTITION}:(?:iam|sts)::\d{12}:${ARN_CHARS})|(?:user|role)\s+([\w+=,.@/-]+))` +
        String.raw`\s+is not authorized to perform:?\s*([\w-]+:[\w*]+)` +
        String.raw`(?:\s+on resource:?\s*${QUOTED_OR_BARE})?` +
        String.raw`(?:\s+(?:because no [\w -]+? policy allows the [\w-]+:[\w*]+ action|with an explicit deny in an? [\w -]+? policy))?`,
      'gi',
    ),
    build(m) {
      const [match, arn, bareName, action, rq1, rq2, rBare] = m;
      if (!action) return undefined;
      const rawResource = rq1 ?? rq2 ?? (rBare ? trimTrailing(rBare) : undefined);
      const resource = rawResource === undefined || rawResource === '' ? undefined : rawResource;
      if (arn) {
        const principalArn = trimTrailing(arn);
        return {
          kind: 'access-denied',
          principalArn,
          ...describePrincipalArn(principalArn),
          action,
          ...(resource ? { resource } : {}),
          match,
        };
      }
      const isRole = /\brole\s+[\w+=,.@/-]+\s+is not/i.test(match);
      return {
        kind: 'access-denied',
        principalArn: '',
        principalType: isRole ? 'role' : 'user',
        principalName: trimTrailing(bareName ?? ''),
        account: '',
        action,
        ...(resource ? { resource } : {}),
        match,
      };
    },
  },
  {
    pattern: /Your WSGIPath refers to a file that does not exist\.?/gi,
    build: (m) => ({ kind: 'wsgi-path-missing', match: m[0] }),
  },
  {
    // gunicorn on AL2/AL2023 names the module:callable it could not load.
    pattern:
      /(?:gunicorn\.errors\.)?(?:AppImportError:\s*)?Failed to find (?:attribute|application object) '[^']+' in '[^']+'\.?/gi,
    build: (m) => ({ kind: 'wsgi-path-missing', match: m[0] }),
  },
  {
    // mod_wsgi on the legacy platform's Apache, in /var/log/httpd/error_log, naming the file WSGIPath points at.
    pattern: /Target WSGI script not found or unable to stat:\s*\S+/gi,
    build: (m) => ({ kind: 'wsgi-path-missing', match: m[0] }),
  },
  {
    // mod_wsgi when the file exists but binds no `application`, the only name it calls.
    pattern: /Target WSGI script '[^']+' does not contain WSGI application '[^']+'\.?/gi,
    build: (m) => ({ kind: 'wsgi-path-missing', match: m[0] }),
  },
  {
    pattern: /Following services are not running: web\b\.?/gi,
    build: (m) => ({ kind: 'web-not-running', match: m[0] }),
  },
  {
    // nginx's error.log when nothing listens behind it, and gunicorn's own last word before it exits.
    pattern:
      /connect\(\) failed \(111: Connection refused\) while connecting to upstream|Worker failed to boot\.?|Shutting down: Master\b/gi,
    build: (m) => ({ kind: 'web-not-running', match: m[0] }),
  },
  {
    pattern:
      /(?:botocore\.exceptions\.)?NoRegionError(?::\s*You must specify a region\.?)?|You must specify a region\.?/g,
    build: (m) => ({ kind: 'no-region', match: m[0] }),
  },
  {
    // mysql.connector / PyMySQL / the mysql client: 'host', 'host:port', a missing closing quote (log lines get
    // cut), and any trailing reason: (110), (111), ([Errno 110] Connection timed out), "timed out".
    pattern:
      /(?:ERROR\s+)?\(?(\d{4})(?:\s*\(HY000\))?[:,]\s*["']?Can't connect to MySQL server on '([^'\s:]+)(?::(\d{1,5}))?'?(?:\s*\((?:\[Errno\s*\d+\]\s*)?[^)\n]*\))?(?:\s*timed out)?/gi,
    build(m) {
      const [match, code, host, port] = m;
      if (!code || !host) return undefined;
      const p = portOf(port);
      return { kind: 'mysql-connect', host, ...(p ? { port: p } : {}), code, match };
    },
  },
  {
    // libpq ≥ 14: connection to server at "h" (ip), port N failed: Connection timed out
    pattern:
      /connection to server at "([^"]+)"(?:\s*\([^)]*\))?,\s*port (\d{1,5}) failed:\s*(?:Connection timed out|timeout expired)/gi,
    build(m) {
      const [match, host, port] = m;
      const p = portOf(port);
      return { kind: 'postgres-connect', ...(host ? { host } : {}), ...(p ? { port: p } : {}), match };
    },
  },
  {
    // libpq < 14 (psycopg2 and plain): the host and port follow on the next lines when present.
    pattern:
      /could not connect to server:\s*(?:Connection timed out|timeout expired)(?:\s+Is the server running on host "([^"]+)"(?:\s*\([^)]*\))? and accepting\s+TCP\/IP connections on port (\d{1,5})\??)?/gi,
    build(m) {
      const [match, host, port] = m;
      const p = portOf(port);
      return { kind: 'postgres-connect', ...(host ? { host } : {}), ...(p ? { port: p } : {}), match };
    },
  },
  {
    pattern: new RegExp(
      String.raw`Unable to assume role\s*["']?(arn:${PARTITION}:iam::\d{12}:role/${ARN_CHARS})["']?` +
        String.raw`(?:\.\s*Verify that the role exists and is configured correctly\.?)?`,
      'gi',
    ),
    build(m) {
      const roleArn = trimTrailing(m[1] ?? '');
      if (!roleArn) return undefined;
      const roleName = roleArn.split('/').pop() ?? '';
      return { kind: 'assume-role-failed', roleArn, roleName, match: m[0] };
    },
  },
  {
    pattern:
      /The instance profile ["']?([\w+=,.@/-]+?)["']? associated with the environment does not exist\.?|Invalid IAM Instance Profile name:?\s*["']?([\w+=,.@-]+)["']?|Value \(([\w+=,.@-]+)\) for parameter iamInstanceProfile\.name is invalid\.?(?:\s*Invalid IAM Instance Profile name\.?)?/gi,
    build(m) {
      const profileName = trimTrailing(m[1] ?? m[2] ?? m[3] ?? '');
      if (!profileName) return undefined;
      return { kind: 'instance-profile-missing', profileName, match: m[0] };
    },
  },
  {
    // Python 3 quotes the module; Python 2's ImportError did not.
    pattern: /(?:ModuleNotFoundError|ImportError):\s*No module named\s*'?([\w.]+)'?/g,
    build(m) {
      const module = m[1];
      return module ? { kind: 'module-not-found', module, match: m[0] } : undefined;
    },
  },
  {
    // os.environ['X'] raises KeyError: 'X'; environment variables are conventionally upper case, which keeps
    // ordinary dict lookups out.
    pattern: /KeyError:?\s*(?:"([A-Z_][A-Z0-9_]*)"|'([A-Z_][A-Z0-9_]*)')/g,
    build(m) {
      const name = m[1] ?? m[2];
      return name ? { kind: 'missing-properties', names: [name], match: m[0] } : undefined;
    },
  },
  {
    pattern:
      /missing (?:required )?environment (?:propert(?:y|ies)|variables?):?\s*([A-Za-z_][\w.-]*(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)[A-Za-z_][\w.-]*)*)/gi,
    build(m) {
      const names = (m[1] ?? '')
        .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
        .map((n) => trimTrailing(n.trim()))
        .filter((n) => n !== '');
      return names.length ? { kind: 'missing-properties', names, match: m[0] } : undefined;
    },
  },
  {
    // SSM ParameterNotFound, and the EB platform's failure to fetch environmentsecrets; keeps the ARN when named.
    pattern: new RegExp(
      String.raw`(?:\(ParameterNotFound\)[^\n]*?(?:Parameter\s+\S+\s+not found\.?)?|ParameterNotFound(?:Exception)?:?[^\n]*|failed to (?:get|fetch|retrieve) (?:one or more |the )?secrets?[^\n]*)`,
      'gi',
    ),
    build(m) {
      const arn = new RegExp(String.raw`arn:${PARTITION}:(?:ssm|secretsmanager):[^\s"',)]+`).exec(m[0])?.[0];
      return { kind: 'secrets-fetch-failed', ...(arn ? { arn: trimTrailing(arn) } : {}), match: m[0].trimEnd() };
    },
  },
  {
    pattern:
      /The security group '([^']+)' does not exist(?: in (?:default )?VPC '?vpc-[0-9a-f]+'?)?\.?|Security group (sg-[0-9a-f]+) and subnet(?: subnet-[0-9a-f]+)? belong to different networks\.?|Invalid id:\s*"([^"]+)"\s*\(expecting "sg-\.\.\."\)/gi,
    build(m) {
      const value = m[1] ?? m[2] ?? m[3];
      return value ? { kind: 'security-group-invalid', value, match: m[0] } : undefined;
    },
  },
];

/** Every match in a (multi-line) blob, in order of appearance; overlapping matches keep the earlier, longer one. */
export function parseText(text: string): ParsedText[] {
  const hits: Hit[] = [];
  for (const matcher of MATCHERS) {
    for (const m of text.matchAll(matcher.pattern)) {
      const parsed = matcher.build(m);
      if (!parsed || m.index === undefined) continue;
      hits.push({ start: m.index, end: m.index + m[0].length, parsed });
    }
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Hit[] = [];
  for (const hit of hits) {
    const last = kept[kept.length - 1];
    if (last && hit.start < last.end) continue;
    kept.push(hit);
  }
  return kept.map((h) => h.parsed);
}

const RULES: Readonly<Record<ParsedKind, RuleId>> = {
  'access-denied': 'F2',
  'wsgi-path-missing': 'F3',
  'web-not-running': 'F3',
  'no-region': 'F7',
  'mysql-connect': 'F5',
  'postgres-connect': 'F5',
  'assume-role-failed': 'F16',
  'instance-profile-missing': 'F16',
  'module-not-found': 'F15',
  'missing-properties': 'F8',
  'secrets-fetch-failed': 'F10',
  'security-group-invalid': 'F12',
};

export function ruleOf(parsed: ParsedText): RuleId {
  return RULES[parsed.kind];
}

function hostPort(host: string | undefined, port: number | undefined): string {
  if (!host) return port ? `the database on port ${port}` : 'the database';
  return port ? `${host} on port ${port}` : host;
}

/** One plain sentence saying what the text means. */
export function meaningOf(parsed: ParsedText): string {
  switch (parsed.kind) {
    case 'access-denied': {
      const who =
        parsed.principalType === 'assumed-role'
          ? `The role ${parsed.principalName} (session ${parsed.sessionName ?? 'unknown'})`
          : parsed.principalType === 'root'
            ? `The root user of account ${parsed.account}`
            : `The ${parsed.principalType === 'other' ? 'principal' : parsed.principalType} ${parsed.principalName}`;
      const on = parsed.resource ? ` on ${parsed.resource}` : '';
      return `${who} lacks permission for ${parsed.action}${on}, so the call was refused.`;
    }
    case 'wsgi-path-missing':
      return 'The WSGIPath setting names a file or module:callable that is not in the deployed bundle, so the app cannot start.';
    case 'web-not-running':
      return 'The web process did not start after the deploy, usually because WSGIPath does not name the app’s module:callable.';
    case 'no-region':
      return 'The app’s AWS SDK has no region on the instance; set AWS_DEFAULT_REGION as an environment property.';
    case 'mysql-connect':
      return `The app could not reach the MySQL server ${hostPort(parsed.host, parsed.port)} (error ${parsed.code}), usually because the database’s security group does not admit the environment.`;
    case 'postgres-connect':
      return `The app timed out connecting to PostgreSQL at ${hostPort(parsed.host, parsed.port)}, usually because the database’s security group does not admit the environment.`;
    case 'assume-role-failed':
      return `Elastic Beanstalk could not assume the role ${parsed.roleName}: it does not exist or does not trust the service.`;
    case 'instance-profile-missing':
      return `The instance profile ${parsed.profileName} named in the environment’s settings does not exist.`;
    case 'module-not-found':
      return `The Python module ${parsed.module} is not installed on the instances, usually because requirements.txt is not at the bundle’s root.`;
    case 'missing-properties':
      return `The app needs the environment ${parsed.names.length === 1 ? 'property' : 'properties'} ${parsed.names.join(', ')}, which ${parsed.names.length === 1 ? 'is' : 'are'} not set.`;
    case 'secrets-fetch-failed':
      return `The instances could not read ${parsed.arn ?? 'a secret or SSM parameter'} the environment references: it is missing or the instance role may not read it.`;
    case 'security-group-invalid':
      return `The security group value ${parsed.value} is unknown, in the wrong form, or in a different VPC from the environment.`;
  }
}

/** The named parts as strings, for the contract's ParsedTextMatch. */
function fieldsOf(parsed: ParsedText): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key === 'kind' || key === 'match' || value === undefined || value === '') continue;
    fields[key] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return fields;
}

/** The renderer-facing form of one match. */
export function toParsedTextMatch(parsed: ParsedText): ParsedTextMatch {
  return {
    kind: parsed.kind,
    rule: ruleOf(parsed),
    match: parsed.match,
    fields: fieldsOf(parsed),
    meaning: meaningOf(parsed),
  };
}
