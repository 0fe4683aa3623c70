import {
  DescribeConfigurationSettingsCommand,
  DescribeEnvironmentsCommand,
  UpdateEnvironmentCommand,
  type ConfigurationOptionSetting,
} from '@aws-sdk/client-elastic-beanstalk';
import type { ClientFactory } from '../../../src/main/aws/clientFactory';

/**
 * A tiny in-memory Elastic Beanstalk for planner tests: one environment, one
 * deployed configuration set, and UpdateEnvironment applying settings the
 * way EB does (set overwrites, remove deletes). Every request is recorded.
 */
export class FakeBeanstalk {
  status = 'Ready';
  /** When set, UpdateEnvironment fails with this error instead of applying. */
  updateError?: (input: unknown) => Error;
  readonly requests: { operation: string; input: unknown }[] = [];

  constructor(
    readonly environmentName: string,
    readonly applicationName: string,
    public settings: ConfigurationOptionSetting[],
  ) {}

  private key(o: { Namespace?: string; OptionName?: string; ResourceName?: string }) {
    return `${o.Namespace}|${o.OptionName}|${o.ResourceName ?? ''}`;
  }

  value(namespace: string, optionName: string): string | undefined {
    return this.settings.find((o) => o.Namespace === namespace && o.OptionName === optionName)?.Value;
  }

  private async send(command: unknown): Promise<unknown> {
    const $metadata = { requestId: `req-${this.requests.length + 1}` };
    if (command instanceof DescribeEnvironmentsCommand) {
      this.requests.push({ operation: 'DescribeEnvironments', input: command.input });
      const wanted = command.input.EnvironmentNames;
      const env = {
        EnvironmentName: this.environmentName,
        ApplicationName: this.applicationName,
        Status: this.status,
        Health: 'Green',
      };
      return { $metadata, Environments: !wanted || wanted.includes(this.environmentName) ? [env] : [] };
    }
    if (command instanceof DescribeConfigurationSettingsCommand) {
      this.requests.push({ operation: 'DescribeConfigurationSettings', input: command.input });
      return {
        $metadata,
        ConfigurationSettings: [
          {
            ApplicationName: this.applicationName,
            EnvironmentName: this.environmentName,
            DeploymentStatus: 'deployed',
            SolutionStackName: '64bit Amazon Linux 2023 v6.1.0 running Node.js 20',
            OptionSettings: this.settings.map((o) => ({ ...o })),
          },
        ],
      };
    }
    if (command instanceof UpdateEnvironmentCommand) {
      this.requests.push({ operation: 'UpdateEnvironment', input: command.input });
      if (this.updateError) throw this.updateError(command.input);
      const removed = new Set((command.input.OptionsToRemove ?? []).map((o) => this.key(o)));
      const setting = new Map((command.input.OptionSettings ?? []).map((o) => [this.key(o), o]));
      const next = this.settings.filter((o) => !removed.has(this.key(o)) && !setting.has(this.key(o)));
      for (const o of setting.values()) {
        next.push({ Namespace: o.Namespace, OptionName: o.OptionName, ResourceName: o.ResourceName, Value: o.Value });
      }
      this.settings = next;
      this.status = 'Updating';
      return { $metadata, EnvironmentName: this.environmentName };
    }
    throw new Error(`FakeBeanstalk does not implement ${String((command as object).constructor.name)}`);
  }

  /** Stands in for the client factory: every service gets this fake as its client. */
  factory(): ClientFactory {
    const client = { send: (command: unknown) => this.send(command) };
    const fake = {
      call: (_target: unknown, _service: unknown, _operation: unknown, fn: (c: unknown) => Promise<unknown>) =>
        fn(client),
    };
    return fake as unknown as ClientFactory;
  }
}

type Handler = (input: Record<string, unknown>) => unknown;

/** An AWS error as the SDK raises it: the wire code, an HTTP status and request metadata. */
export function awsError(code: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), {
    name: code,
    Code: code,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: 'req-err' },
  });
}

/**
 * A client factory whose every client answers from handlers keyed by SDK
 * command name (`DescribeEnvironmentsCommand`); calls are recorded in order.
 */
export function scriptedFactory(handlers: Record<string, Handler>) {
  const calls: { command: string; input: Record<string, unknown> }[] = [];
  const client = {
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      const name = command.constructor.name;
      calls.push({ command: name, input: command.input });
      const handler = handlers[name];
      if (!handler) throw new Error(`no handler for ${name}`);
      return { $metadata: { requestId: 'req' }, ...(handler(command.input) as object) };
    },
  };
  const fake = {
    call: async (_t: unknown, service: string, operation: string, fn: (c: unknown) => Promise<unknown>) => {
      try {
        return await fn(client);
      } catch (err) {
        // The real factory tags errors with where they happened; tests read the awsCode through toAppError.
        throw Object.assign(err as object, { service, operation });
      }
    },
  };
  return { aws: fake as unknown as ClientFactory, calls };
}
