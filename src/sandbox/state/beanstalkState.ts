/**
 * Elastic Beanstalk as the sandbox models it. Health is not stored as a
 * verdict the scenario chose: `lastHealth` is what the evaluator derived from
 * the rest of the state when the last operation finished, kept so that the
 * next evaluation can report a transition ("from Severe to Ok").
 */
import { z } from 'zod';
// AWS's enhanced-health statuses: one list for the console's contract and the state the sandbox keeps.
import { type HealthColor, healthStatusSchema } from '../../shared/contract/beanstalk';
import { environmentInfoRequest, logEpoch } from './logState';
import { timestamp } from './schemaParts';

export const optionSetting = z
  .object({
    namespace: z.string().min(1),
    optionName: z.string().min(1),
    value: z.string(),
    resourceName: z.string().optional(),
  })
  .strict();

/** What the application's code needs from its environment (scenario data standing in for the app's source). */
const declaredRequirements = z
  .object({
    environmentProperties: z.array(z.string()),
    usesAwsSdk: z.boolean(),
    /** The property (or environmentsecrets entry) holding the database host the app connects to. */
    databaseHostProperty: z.string().min(1).optional(),
    /**
     * What the app calls with the instance profile's credentials. `resource` may hold `${PROP}`
     * placeholders, filled from the environment's properties.
     */
    instanceRoleActions: z
      .array(z.object({ action: z.string().min(1), resource: z.string().min(1) }).strict())
      .optional(),
  })
  .strict();

const application = z
  .object({
    name: z.string().min(1).max(100),
    description: z.string().max(200).optional(),
    dateCreated: timestamp,
    dateUpdated: timestamp,
    requirements: declaredRequirements.optional(),
  })
  .strict();

const applicationVersion = z
  .object({
    applicationName: z.string(),
    versionLabel: z.string().min(1).max(100),
    description: z.string().max(200).optional(),
    sourceBundle: z.object({ s3Bucket: z.string(), s3Key: z.string() }).strict().optional(),
    dateCreated: timestamp,
    status: z.enum(['PROCESSED', 'UNPROCESSED', 'FAILED', 'PROCESSING', 'BUILDING']),
  })
  .strict();

/** An operation in flight: it completes lazily, the first time a request sees the clock past `completesAt`. */
const operation = z
  .object({
    kind: z.enum(['launch', 'update', 'deploy', 'rebuild', 'restart', 'terminate']),
    startedAt: timestamp,
    completesAt: timestamp,
    requestId: z.string(),
    /** The draft configuration being deployed; becomes the deployed one on completion. */
    pendingOptionSettings: z.array(optionSetting).optional(),
    pendingVersionLabel: z.string().optional(),
  })
  .strict();

const environment = z
  .object({
    id: z.string().regex(/^e-[a-z0-9]{10}$/),
    name: z.string().min(4).max(40),
    applicationName: z.string(),
    versionLabel: z.string().optional(),
    solutionStackName: z.string().optional(),
    platformArn: z.string().optional(),
    description: z.string().optional(),
    tier: z.object({ name: z.string(), type: z.string(), version: z.string() }).strict(),
    cname: z.string(),
    dateCreated: timestamp,
    dateUpdated: timestamp,
    status: z.enum(['Launching', 'Updating', 'Ready', 'Terminating', 'Terminated', 'Aborting']),
    optionSettings: z.array(optionSetting),
    operation: operation.optional(),
    deploymentId: z.number().int().min(0),
    deployedAt: timestamp.optional(),
    lastHealth: z
      .object({
        status: healthStatusSchema,
        causes: z.array(z.string()),
        refreshedAt: timestamp,
        /**
         * Whether that derivation found a launch or deploy failure. Such failures clear only with a new
         * operation, so reads may re-derive health on their own only when this is not set.
         */
        operationFailed: z.boolean().optional(),
      })
      .strict(),
    /** What its instances' logs said over time, oldest first (state/logState.ts); absent until logs are first read. */
    logEpochs: z.array(logEpoch).optional(),
    /**
     * The health reporting options (SystemType, ConfigDocument) in force before each update that changed
     * them, oldest first, so metrics published before a change stay as they were (simulation/metrics/publishing.ts).
     * Absent until one changes.
     */
    healthReportingHistory: z
      .array(
        z
          .object({ until: timestamp, systemType: z.string().optional(), configDocument: z.string().optional() })
          .strict(),
      )
      .optional(),
  })
  .strict();

const event = z
  .object({
    /** A strictly increasing sequence number: orders events with the same timestamp and anchors NextToken. */
    seq: z.number().int().min(0),
    eventDate: timestamp,
    message: z.string(),
    applicationName: z.string(),
    environmentName: z.string().optional(),
    versionLabel: z.string().optional(),
    severity: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']),
    requestId: z.string().optional(),
  })
  .strict();

export const beanstalkStateSchema = z
  .object({
    applications: z.array(application),
    applicationVersions: z.array(applicationVersion),
    environments: z.array(environment),
    events: z.array(event),
    /** RequestEnvironmentInfo calls and the log objects they delivered; absent in files written before logs. */
    environmentInfo: z.array(environmentInfoRequest).optional(),
  })
  .strict();

export type BeanstalkState = z.infer<typeof beanstalkStateSchema>;
export type ApplicationState = BeanstalkState['applications'][number];
export type ApplicationVersionState = BeanstalkState['applicationVersions'][number];
export type EnvironmentState = BeanstalkState['environments'][number];
export type EnvironmentOperation = NonNullable<EnvironmentState['operation']>;
export type EventState = BeanstalkState['events'][number];
export type EventSeverity = EventState['severity'];
export type OptionSettingState = z.infer<typeof optionSetting>;
export type DeclaredRequirements = z.infer<typeof declaredRequirements>;
export type HealthStatus = z.infer<typeof healthStatusSchema>;
export type { HealthColor };
