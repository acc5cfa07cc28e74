import type { Connector, ProviderConnection } from '@ledgerbridge/connector-sdk';

/** A class the `@AccountingConnector` decorator may have marked; only read for its metadata. */
export type ConnectorClass = abstract new (...args: never[]) => unknown;

/** What a provider hands the conformance suite: how to build its connector and working or failing connections. */
export interface ConformanceTarget {
  /** Shown in the suite's title, e.g. "dinero against its sandbox". */
  readonly name: string;
  /** Runs first in `beforeAll`, e.g. to start the provider's sandbox. */
  readonly setup?: () => Promise<void>;
  /** Builds the connector once, after `setup` (may boot a Nest testing module). */
  readonly connector: () => Connector | Promise<Connector>;
  /** The decorated class; defaults to the connector instance's constructor. */
  readonly connectorClass?: ConnectorClass;
  /** A fresh, working, paid organization with valid credentials. */
  readonly newConnection: () => Promise<ProviderConnection>;
  /** The same credentials aimed at an organization they do not reach (or that does not exist). */
  readonly wrongOrganization: (connection: ProviderConnection) => ProviderConnection | Promise<ProviderConnection>;
  /** The same organization with credentials the provider refuses. */
  readonly wrongCredentials: (connection: ProviderConnection) => ProviderConnection | Promise<ProviderConnection>;
  /** Runs last in `afterAll`, also when `setup` failed halfway, e.g. to stop the sandbox. */
  readonly teardown?: () => Promise<void>;
  /** Per hook and test; a real sandbox needs more than jest's 5 s default to start. Default 30 000. */
  readonly timeoutMs?: number;
}
