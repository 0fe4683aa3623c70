import { z } from 'zod';
import { isoDateSchema, isoInstantInputSchema, targetSchema } from './common';

// EB's own name rules: environment names 4–40 chars of letters, digits and hyphens.
export const environmentNameSchema = z
  .string()
  .min(4)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'environment names use letters, digits and hyphens');
export const applicationNameSchema = z.string().min(1).max(100);

export const healthColorSchema = z.enum(['Green', 'Yellow', 'Red', 'Grey']);
export type HealthColor = z.infer<typeof healthColorSchema>;
export const healthStatusSchema = z.enum([
  'NoData',
  'Unknown',
  'Pending',
  'Ok',
  'Info',
  'Warning',
  'Degraded',
  'Severe',
  'Suspended',
]);

/** A panel-level failure that must not blank the rest of the page (e.g. AccessDenied on enhanced health). */
export const panelProblemSchema = z.object({ code: z.string(), message: z.string(), awsCode: z.string().optional() });

export const environmentSummarySchema = z.object({
  name: z.string(),
  id: z.string(),
  applicationName: z.string(),
  status: z.string(),
  health: healthColorSchema,
  healthStatus: healthStatusSchema.optional(),
  causes: z.array(z.string()),
  /** Why causes could not be read (basic health, missing permission); the row still shows. */
  causesProblem: panelProblemSchema.optional(),
  platform: z.string(),
  platformArn: z.string().optional(),
  versionLabel: z.string().optional(),
  cname: z.string().optional(),
  endpointUrl: z.string().optional(),
  tier: z.string(),
  dateCreated: isoDateSchema,
  dateUpdated: isoDateSchema,
});
export type EnvironmentSummary = z.infer<typeof environmentSummarySchema>;

export const instanceHealthSchema = z.object({
  instanceId: z.string(),
  healthStatus: healthStatusSchema.optional(),
  color: healthColorSchema.optional(),
  causes: z.array(z.string()),
  availabilityZone: z.string().optional(),
  instanceType: z.string().optional(),
  launchedAt: isoDateSchema.optional(),
  deployment: z
    .object({
      versionLabel: z.string().optional(),
      deploymentId: z.number().int().optional(),
      status: z.string().optional(),
      deployedAt: isoDateSchema.optional(),
    })
    .optional(),
});
export type InstanceHealth = z.infer<typeof instanceHealthSchema>;

export const environmentHealthSchema = z.object({
  environmentName: z.string(),
  status: z.string().optional(),
  color: healthColorSchema.optional(),
  healthStatus: healthStatusSchema.optional(),
  causes: z.array(z.string()),
  instanceCounts: z.record(z.string(), z.number().int()),
  refreshedAt: isoDateSchema.optional(),
  instances: z.array(instanceHealthSchema),
  /** Enhanced health unavailable; the console falls back to DescribeEnvironments' colour. */
  problem: panelProblemSchema.optional(),
  instancesProblem: panelProblemSchema.optional(),
});
export type EnvironmentHealth = z.infer<typeof environmentHealthSchema>;

export const severitySchema = z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']);
export type Severity = z.infer<typeof severitySchema>;

export const environmentEventSchema = z.object({
  date: isoDateSchema,
  severity: severitySchema,
  message: z.string(),
  environmentName: z.string().optional(),
  applicationName: z.string().optional(),
  versionLabel: z.string().optional(),
  requestId: z.string().optional(),
});
export type EnvironmentEvent = z.infer<typeof environmentEventSchema>;

export const eventPageSchema = z.object({
  events: z.array(environmentEventSchema),
  nextToken: z.string().optional(),
  apiCalls: z.number().int(),
});
export type EventPage = z.infer<typeof eventPageSchema>;

export const optionSettingSchema = z.object({
  namespace: z.string(),
  optionName: z.string(),
  value: z.string().optional(),
  resourceName: z.string().optional(),
});
export type OptionSetting = z.infer<typeof optionSettingSchema>;

export const environmentPropertySchema = z.object({
  name: z.string(),
  /** Absent when masked: secret-looking values reach the renderer only through beanstalk.revealProperty. */
  value: z.string().optional(),
  masked: z.boolean(),
});

export const environmentSecretSchema = z.object({
  name: z.string(),
  /** The SSM parameter or Secrets Manager ARN it points at; never the secret itself. */
  arn: z.string(),
  store: z.enum(['ssm', 'secretsmanager', 'unknown']),
});

export const environmentConfigurationSchema = z.object({
  environmentName: z.string(),
  applicationName: z.string(),
  platform: z.string(),
  platformArn: z.string().optional(),
  /** 'deployed' normally; 'pending' when a draft set exists during an update. */
  deploymentStatus: z.string().optional(),
  dateUpdated: isoDateSchema.optional(),
  /** Ordered for operators: WSGIPath, instance profile, service role, security groups and VPC first. */
  options: z.array(optionSettingSchema),
  properties: z.array(environmentPropertySchema),
  secrets: z.array(environmentSecretSchema),
  draft: z.array(optionSettingSchema).optional(),
});
export type EnvironmentConfiguration = z.infer<typeof environmentConfigurationSchema>;

export const bundleEntrySchema = z.object({ path: z.string(), size: z.number().int() });

export const applicationVersionSchema = z.object({
  applicationName: z.string(),
  versionLabel: z.string(),
  description: z.string().optional(),
  status: z.string().optional(),
  dateCreated: isoDateSchema.optional(),
  sourceBundle: z.object({ bucket: z.string(), key: z.string() }).optional(),
  bundle: z
    .object({
      entries: z.array(bundleEntrySchema),
      /** Top-level folders: an app zipped inside Deploy/ or FlaskApp/ shows up here. */
      rootFolders: z.array(z.string()),
      hasApplicationPy: z.boolean(),
      hasRequirementsTxt: z.boolean(),
      /** Where application.py / requirements.txt were found below the root, if not at it. */
      nestedApplicationPy: z.array(z.string()),
      nestedRequirementsTxt: z.array(z.string()),
      /** Environment variables the bundled Python code reads (os.environ[...], .get, getenv). */
      environmentReads: z
        .array(z.object({ name: z.string(), file: z.string(), line: z.number().int(), required: z.boolean() }))
        .optional(),
      /** Top-level names each Python module defines, so a WSGI callable can be found by name. */
      pythonDefinitions: z
        .array(
          z.object({
            file: z.string(),
            names: z.array(z.string()),
            /** The WSGI apps the module binds at top level: an object (`app = Flask(...)`) or a factory (`def create_app()`). */
            wsgi: z
              .array(
                z.object({
                  name: z.string(),
                  kind: z.enum(['object', 'factory']),
                  line: z.number().int(),
                  via: z.string(),
                }),
              )
              .optional(),
          }),
        )
        .optional(),
      /** AWS services the bundled code creates clients for (boto3 service names; `es` for OpenSearch clients). */
      awsServices: z.array(z.string()).optional(),
    })
    .optional(),
  bundleProblem: panelProblemSchema.optional(),
});
export type ApplicationVersion = z.infer<typeof applicationVersionSchema>;

export const environmentResourcesSchema = z.object({
  environmentName: z.string(),
  instances: z.array(
    z.object({
      instanceId: z.string(),
      state: z.string().optional(),
      privateIp: z.string().optional(),
      vpcId: z.string().optional(),
      subnetId: z.string().optional(),
      availabilityZone: z.string().optional(),
      securityGroups: z.array(z.object({ id: z.string(), name: z.string().optional() })),
      instanceProfileArn: z.string().optional(),
    }),
  ),
  autoScalingGroups: z.array(z.string()),
  loadBalancers: z.array(z.string()),
  instancesProblem: panelProblemSchema.optional(),
});
export type EnvironmentResources = z.infer<typeof environmentResourcesSchema>;

const envRef = { target: targetSchema, environmentName: environmentNameSchema };

export const beanstalkInputs = {
  listEnvironments: z.object({ target: targetSchema }),
  health: z.object(envRef),
  events: z.object({
    ...envRef,
    severity: severitySchema.optional(),
    /** Only events at or after this instant (EB's StartTime). */
    since: isoInstantInputSchema.optional(),
    maxRecords: z.number().int().min(1).max(1000).default(100),
    nextToken: z.string().max(4096).optional(),
  }),
  configuration: z.object(envRef),
  revealProperty: z.object({ ...envRef, name: z.string().min(1).max(256) }),
  applicationVersion: z.object({
    target: targetSchema,
    applicationName: applicationNameSchema,
    versionLabel: z.string().min(1).max(100),
  }),
  resources: z.object(envRef),
};

export const optionKeySchema = z.object({
  namespace: z.string().min(1).max(256),
  optionName: z.string().min(1).max(256),
  resourceName: z.string().optional(),
});
export const optionValueSchema = optionKeySchema.extend({ value: z.string().max(4096) });
