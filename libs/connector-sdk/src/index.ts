// Neutral types
export type { Money } from './money.types';
export type { ExternalRef } from './external-ref.types';
export type { Account, AccountKind, TaxCode, TaxDirection } from './chart.types';
export type { Attachment, AttachmentLimits, AttachmentRef } from './attachment.types';
export type { ExpenseVoucher, ExpenseVoucherLine, IsoDate, JournalEntry, JournalLine, Posting } from './voucher.types';
export type {
  DocumentKind,
  DocumentStatus,
  ExportResult,
  JournalEntryResult,
  LookupHint,
  LookupResult,
} from './export-result.types';
export type { ChangeCursor, ChangesPage, ProviderChange, TrackedDocument } from './provider-change.types';
export type { CallBudget, ConnectionCheck, ProviderConnection } from './provider-connection.types';
export type { CredentialField, CredentialSchema } from './credential-schema.types';

// Value helpers
export { InvalidMoneyError, isMoney, money, sumMoney, toDecimalString } from './money';
export {
  EXTERNAL_REF_MAX_LENGTH,
  externalRef,
  externalRefProblem,
  InvalidExternalRefError,
  isExternalRef,
} from './external-ref';
export {
  balancedJournalEntry,
  InvalidJournalEntryError,
  isBalancedJournalEntry,
  journalEntryProblems,
  journalLineTotals,
} from './journal-entry';
export {
  CREDENTIAL_MASK,
  credentialSchemaProblem,
  missingCredentialFields,
  redactCredentials,
} from './credential-schema';

// The contract
export type {
  AuthorizationCode,
  AuthorizationRequest,
  Capability,
  Connector,
  ConnectorCapabilities,
  ConnectorLimits,
  ProviderRequest,
  RateLimitScope,
} from './connector.types';
export { callStopReason, callTimeLeftMs, stoppedCallError, throwIfCallStopped } from './call-options';
export type { CallOptions } from './call-options';
export { attachmentLimitError, connectorLimitsProblems, RATE_LIMIT_SCOPES } from './connector-limits';
export type { LimitedConnector } from './connector-limits';
export {
  CAPABILITIES,
  CAPABILITY_METHODS,
  COMPANION_METHODS,
  hasCapability,
  requireCapability,
  UnsupportedCapabilityError,
} from './connector-capabilities';
export type { ConnectorWith } from './connector-capabilities';
export {
  CONNECTOR_ERROR_CODES,
  ConnectorError,
  isConnectorError,
  isRetryable,
  RETRYABLE_BY_CODE,
} from './connector-error';
export type { ConnectorErrorCode, ConnectorErrorJson, ConnectorErrorOptions } from './connector-error';

// Registration and mounting
export {
  ACCOUNTING_CONNECTOR_METADATA,
  AccountingConnector,
  accountingConnectorOptionsOf,
  isConnectorKey,
  requestsPerWindow,
} from './connector.decorator';
export type { AccountingConnectorOptions, RateLimit } from './connector.decorator';
export { ConnectorRegistry } from './connector-registry';
export { ConnectorRegistrationError, UnknownConnectorError } from './connector-registry.errors';
export { ConnectorRegistryModule } from './connector-registry.module';
export {
  defineProviderPlugin,
  parseProviderKeys,
  PROVIDERS_VARIABLE,
  ProviderConfigurationError,
  selectProviderModules,
} from './provider-plugin';
export type { ProviderPlugin, ProviderSetting, ProviderSettingValues } from './provider-plugin';
