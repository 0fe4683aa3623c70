/**
 * Whether an environment's instances can open a TCP connection to an RDS
 * instance: same VPC, and some ingress rule of the database's security groups
 * admits the port from one of the instance's groups or from a CIDR covering
 * its private address. Network ACLs and routes are not modelled.
 */
import type { StateDocument } from '../state/document';
import type { IpPermissionState, InstanceState } from '../state/networkState';
import type { DbInstanceState } from '../state/rdsState';

const RDS_HOST_SUFFIX = '.rds.amazonaws.com';

/** The DB instance whose endpoint address is `host` (`<id>.<label>.<region>.rds.amazonaws.com`, case-insensitive). */
export function databaseForHost(doc: StateDocument, host: string): DbInstanceState | undefined {
  const wanted = host.trim().toLowerCase();
  if (!wanted.endsWith(RDS_HOST_SUFFIX)) return undefined;
  return doc.rds.instances.find((db) => {
    const prefix = `${db.id}.${db.endpointLabel}.`.toLowerCase();
    if (!wanted.startsWith(prefix)) return false;
    const region = wanted.slice(prefix.length, wanted.length - RDS_HOST_SUFFIX.length);
    return /^[a-z]{2}(?:-[a-z]+)+-\d$/.test(region);
  });
}

/** The subnet group's VPC; RDS's implicit `default` group is the default VPC. */
export function databaseVpcId(doc: StateDocument, db: DbInstanceState): string | undefined {
  const stored = doc.rds.subnetGroups.find((g) => g.name === db.subnetGroupName);
  if (stored) return stored.vpcId;
  return db.subnetGroupName === 'default' ? doc.ec2.vpcs.find((v) => v.isDefault)?.id : undefined;
}

function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts.reduce((acc, part) => acc * 256 + part, 0);
}

export function cidrCovers(cidr: string, ip: string): boolean {
  const [base = '', bitsText = '32'] = cidr.split('/');
  const bits = Number(bitsText);
  const network = ipToNumber(base);
  const address = ipToNumber(ip);
  if (network === undefined || address === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(network / size) === Math.floor(address / size);
}

function coversTcpPort(rule: IpPermissionState, port: number): boolean {
  if (rule.ipProtocol === '-1') return true;
  if (rule.ipProtocol !== 'tcp' && rule.ipProtocol !== '6') return false;
  return (rule.fromPort ?? 0) <= port && port <= (rule.toPort ?? 65535);
}

function admits(doc: StateDocument, db: DbInstanceState, instance: InstanceState): boolean {
  return doc.ec2.securityGroups
    .filter((g) => db.vpcSecurityGroupIds.includes(g.id))
    .some((group) =>
      group.ingress.some(
        (rule) =>
          coversTcpPort(rule, db.port) &&
          (rule.userIdGroupPairs.some((pair) => instance.securityGroupIds.includes(pair.groupId)) ||
            rule.ipRanges.some((range) => cidrCovers(range.cidrIp, instance.privateIpAddress))),
      ),
    );
}

/** The instances that cannot reach the database; empty when every one can. */
export function instancesCutOff(
  doc: StateDocument,
  db: DbInstanceState,
  instances: readonly InstanceState[],
): InstanceState[] {
  const vpcId = databaseVpcId(doc, db);
  return instances.filter((instance) => instance.vpcId !== vpcId || !admits(doc, db, instance));
}

/** The client library's error when a connection attempt times out, as the app's log shows it. */
export function connectTimeoutText(db: DbInstanceState, host: string): string {
  if (/postgres/i.test(db.engine)) {
    return `psycopg2.OperationalError: could not connect to server: Connection timed out. Is the server running on host "${host}" and accepting TCP/IP connections on port ${db.port}?`;
  }
  return `mysql.connector.errors.InterfaceError: 2003: Can't connect to MySQL server on '${host}:${db.port}' (110 Connection timed out)`;
}
