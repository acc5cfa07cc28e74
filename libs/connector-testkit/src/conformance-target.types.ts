import type {
  Attachment,
  AttachmentRef,
  Connector,
  ConnectorCapabilities,
  ExpenseVoucher,
  ExternalRef,
  JournalEntry,
  ProviderConnection,
} from '@ledgerbridge/connector-sdk';

/** A class the `@AccountingConnector` decorator may have marked; only read for its metadata. */
export type ConnectorClass = abstract new (...args: never[]) => unknown;

/** Documents the provider accepts, for the write checks; each is needed once its capability is declared. */
export interface ConformanceSamples {
  /** A receipt within the declared limits; defaults to a tiny PDF when `application/pdf` is accepted. */
  readonly attachment?: () => Attachment;
  /** A valid expense voucher carrying `externalRef` (and `attachmentRef` when given). */
  readonly expenseVoucher?: (
    connection: ProviderConnection,
    externalRef: ExternalRef,
    attachmentRef?: AttachmentRef,
  ) => ExpenseVoucher;
  /** A valid, balanced journal entry with the id `id`. */
  readonly journalEntry?: (connection: ProviderConnection, id: string) => JournalEntry;
  /** One the provider must refuse; defaults to `journalEntry` with its last line off by one minor unit. */
  readonly invalidJournalEntry?: (connection: ProviderConnection, id: string) => JournalEntry;
  /** A fresh journal entry id; defaults to a random UUID. */
  readonly newEntryId?: () => string;
}

/** What a provider hands the conformance suite: how to build its connector and working or failing connections. */
export interface ConformanceTarget {
  /** Shown in the suite's title, e.g. "dinero against its sandbox". */
  readonly name: string;
  /**
   * The capabilities the connector declares, stated here because tests are named before it is built: a check
   * for a flag that is off shows as "… skipped: capability X is off". The declaration test compares them.
   */
  readonly capabilities: ConnectorCapabilities;
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
  /** Valid documents for the write checks (attachments, expense vouchers, journal entries). */
  readonly samples?: ConformanceSamples;
  /** Runs last in `afterAll`, also when `setup` failed halfway, e.g. to stop the sandbox. */
  readonly teardown?: () => Promise<void>;
  /** Per hook and test; a real sandbox needs more than jest's 5 s default to start. Default 30 000. */
  readonly timeoutMs?: number;
}
