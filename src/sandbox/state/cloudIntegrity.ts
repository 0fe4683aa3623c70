/**
 * Cross-references in the EC2, S3 and Elastic Beanstalk sections that the
 * schema cannot express, checked on load like the IAM ones.
 */
import type { StateDocument } from './document';

/** Each spelling that repeats an earlier value; `keyOf` says when two values count as the same (IAM ignores case). */
export function repeated(values: readonly string[], keyOf: (value: string) => string = (value) => value): string[] {
  const seen = new Set<string>();
  return [
    ...new Set(
      values.filter((value) => {
        const key = keyOf(value);
        return seen.has(key) ? true : (seen.add(key), false);
      }),
    ),
  ];
}

export function findCloudIntegrityProblems(doc: StateDocument): string[] {
  const problems: string[] = [];
  const { ec2, s3, elasticbeanstalk: eb } = doc;
  const ids = [...ec2.vpcs, ...ec2.subnets, ...ec2.securityGroups, ...ec2.instances].map((r) => r.id);
  for (const id of repeated(ids)) problems.push(`EC2 id '${id}' appears more than once`);
  if (ec2.vpcs.filter((v) => v.isDefault).length > 1) problems.push('more than one VPC is marked as the default VPC');
  const vpcIds = new Set(ec2.vpcs.map((v) => v.id));
  const subnetIds = new Set(ec2.subnets.map((s) => s.id));
  const groupIds = new Set(ec2.securityGroups.map((g) => g.id));
  for (const subnet of ec2.subnets) {
    if (!vpcIds.has(subnet.vpcId)) problems.push(`subnet ${subnet.id} is in VPC ${subnet.vpcId}, which does not exist`);
  }
  for (const group of ec2.securityGroups) {
    if (!vpcIds.has(group.vpcId))
      problems.push(`security group ${group.id} is in VPC ${group.vpcId}, which does not exist`);
  }
  for (const instance of ec2.instances.filter((i) => i.state !== 'terminated')) {
    if (!subnetIds.has(instance.subnetId))
      problems.push(`instance ${instance.id} is in subnet ${instance.subnetId}, which does not exist`);
    for (const id of instance.securityGroupIds) {
      if (!groupIds.has(id)) problems.push(`instance ${instance.id} uses security group ${id}, which does not exist`);
    }
  }
  for (const name of repeated(s3.buckets.map((b) => b.name))) problems.push(`bucket '${name}' appears more than once`);
  for (const bucket of s3.buckets) {
    for (const key of repeated(bucket.objects.map((o) => o.key)))
      problems.push(`object '${key}' appears more than once in bucket '${bucket.name}'`);
  }
  const apps = new Set(eb.applications.map((a) => a.name));
  for (const name of repeated(eb.applications.map((a) => a.name)))
    problems.push(`application '${name}' appears more than once`);
  for (const version of eb.applicationVersions) {
    if (!apps.has(version.applicationName)) {
      problems.push(
        `application version '${version.versionLabel}' belongs to application '${version.applicationName}', which does not exist`,
      );
    }
  }
  const live = eb.environments.filter((e) => e.status !== 'Terminated');
  for (const name of repeated(live.map((e) => e.name))) problems.push(`environment '${name}' appears more than once`);
  for (const id of repeated(eb.environments.map((e) => e.id)))
    problems.push(`environment id '${id}' appears more than once`);
  // A set, not a search per environment: large accounts have thousands of both.
  const versionKey = (app: string, label: string): string => `${app}\u0000${label}`;
  const versions = new Set(eb.applicationVersions.map((v) => versionKey(v.applicationName, v.versionLabel)));
  for (const env of eb.environments) {
    if (!apps.has(env.applicationName))
      problems.push(`environment '${env.name}' belongs to application '${env.applicationName}', which does not exist`);
    const label = env.versionLabel;
    if (label !== undefined && !versions.has(versionKey(env.applicationName, label))) {
      problems.push(`environment '${env.name}' runs version '${label}', which does not exist`);
    }
  }
  return problems;
}
