import { Inject } from '@nestjs/common';
import {
  AccountingConnector,
  attachmentLimitError,
  ConnectorError,
  type Account,
  type Attachment,
  type AttachmentLimits,
  type AttachmentRef,
  type CallOptions,
  type ChangeCursor,
  type ChangesPage,
  type ConnectionCheck,
  type Connector,
  type ConnectorCapabilities,
  type ConnectorLimits,
  type ExpenseVoucher,
  type ExportResult,
  type ExternalRef,
  type JournalEntry,
  type JournalEntryResult,
  type LookupHint,
  type LookupResult,
  type ProviderRequest,
  type ProviderConnection,
  type TaxCode,
  type TrackedDocument,
} from '@ledgerbridge/connector-sdk';
import { DineroClient } from './client/dinero-client';
import type { DineroOAuthGrant } from './client/dinero-tokens';
import { DINERO_CREDENTIALS } from './dinero.credentials';
import { DineroJournal } from './dinero.journal';
import { DINERO_OPTIONS, type DineroOptions } from './dinero.options';
import { DineroTracking } from './dinero.tracking';
import { LEDGER_ITEMS_PER_REQUEST, ledgerItemsBody } from './payloads/ledger-items.payload';
import { purchaseVoucherBody } from './payloads/purchase-voucher.payload';
import {
  accountsFrom,
  depositAccountsFrom,
  entryAccountsFrom,
  organizationsFrom,
  taxCodesFrom,
  vatTypesFrom,
} from './payloads/chart.payload';
import { createdVoucherFrom, fileGuidFrom } from './payloads/write-answers.payload';

export const DINERO_KEY = 'dinero';

/** The fields `verify` asks Dinero for; the default (`id,name,isPro`) lacks the paid-plan flag. */
export const ORGANIZATION_FIELDS = 'Name,Id,IsPro,IsPayingPro,IsVatFree';
export const ENTRY_ACCOUNT_FIELDS = 'AccountNumber,Name,VatCode,Category,CategoryName,IsHidden';
/** The same read model as entry accounts; the list itself is what says an account may carry a purchase line. */
export const PURCHASE_ACCOUNT_FIELDS = 'AccountNumber,Name,VatCode,Category,CategoryName,IsHidden';
export const DEPOSIT_ACCOUNT_FIELDS = 'AccountNumber,Name,IsHidden,IsDefault';

/**
 * What Dinero accepts. "6 MB" is read as 6,000,000 bytes, the smaller of its two readings, so no file the plugin
 * lets through is refused; the quota is counted per organization (and client id).
 */
const DINERO_ATTACHMENTS: AttachmentLimits = Object.freeze({
  maxBytes: 6_000_000,
  contentTypes: Object.freeze(['application/pdf', 'image/jpeg', 'image/png']),
});

export const DINERO_LIMITS: ConnectorLimits = Object.freeze({
  rateLimitScope: 'organization',
  attachments: DINERO_ATTACHMENTS,
  journalEntriesPerBatch: LEDGER_ITEMS_PER_REQUEST,
});

/**
 * Dinero (Danish online accounting). 90 requests a minute leaves headroom under Dinero's 100 per
 * organization and client id, which it enforces with 429s and, for repeat offenders, revoked access;
 * several integrations report 60 a minute for personal (API-key) integrations.
 */
@AccountingConnector({
  key: DINERO_KEY,
  rateLimit: { requests: 90, perMs: 60_000, byConnectionKind: { api_key: 60, oauth: 90 } },
})
export class DineroConnector implements Connector {
  readonly key = DINERO_KEY;
  readonly credentialSchema = DINERO_CREDENTIALS;
  readonly limits = DINERO_LIMITS;
  // A flag turns true together with its method.
  readonly capabilities: ConnectorCapabilities = Object.freeze({
    accounts: true,
    taxCodes: true,
    attachments: true,
    expenseVouchers: true,
    journalEntries: true,
    externalRefLookup: true,
    statusTracking: true,
    oauth: true,
  });
  private readonly client: DineroClient;
  private readonly journal: DineroJournal;
  private readonly tracking: DineroTracking;

  constructor(@Inject(DINERO_OPTIONS) options: DineroOptions) {
    this.client = new DineroClient(options);
    this.journal = new DineroJournal(this.client);
    this.tracking = new DineroTracking(this.client, this.journal);
  }

  /** Checks that the credentials reach the Company ID and that it has the paid plan API access needs. */
  async verify(connection: ProviderConnection, options?: CallOptions): Promise<ConnectionCheck> {
    const companyId = DineroClient.companyIdOf(connection);
    const action = `listing the organizations the credentials of company ${connection.companyId} reach`;
    const answer = await this.client.get(connection, {
      path: '/v1/organizations',
      query: { fields: ORGANIZATION_FIELDS },
      action,
      options,
    });
    const organization = organizationsFrom(answer, action).find((candidate) => String(candidate.Id) === companyId);
    if (organization === undefined) {
      throw new ConnectorError(
        'not_found',
        `The Dinero Company ID ${companyId} is not reachable with these credentials; check the Company ID, ` +
          `or connect with a login or API key of that company.`,
        { field: 'organizationId' },
      );
    }
    const name = organization.Name ?? companyId;
    if ((organization.IsPayingPro ?? organization.IsPro) !== true) {
      throw new ConnectorError(
        'forbidden',
        `The Dinero company "${name}" (${companyId}) needs a paid Dinero plan (Pro) before LedgerBridge can use its API.`,
      );
    }
    return { organizationId: companyId, ...(organization.Name !== null && { organizationName: organization.Name }) };
  }

  /**
   * Entry accounts, those of them Dinero accepts on purchase lines (`accounts/purchase`), and deposit accounts
   * (bank, card wallet, out-of-pocket); hidden ones inactive.
   */
  async listAccounts(connection: ProviderConnection, options?: CallOptions): Promise<Account[]> {
    const entryAction = `reading the chart of accounts of organization ${connection.organizationId}`;
    const purchaseAction = `reading the purchase accounts of organization ${connection.organizationId}`;
    const depositAction = `reading the deposit accounts of organization ${connection.organizationId}`;
    const entries = await this.client.get(connection, {
      path: DineroClient.organizationPath('v1', connection, 'accounts/entry'),
      query: { fields: ENTRY_ACCOUNT_FIELDS },
      action: entryAction,
      options,
    });
    const purchases = await this.client.get(connection, {
      path: DineroClient.organizationPath('v1', connection, 'accounts/purchase'),
      query: { fields: PURCHASE_ACCOUNT_FIELDS },
      action: purchaseAction,
      options,
    });
    const deposits = await this.client.get(connection, {
      path: DineroClient.organizationPath('v1', connection, 'accounts/deposit'),
      query: { fields: DEPOSIT_ACCOUNT_FIELDS },
      action: depositAction,
      options,
    });
    return accountsFrom(
      entryAccountsFrom(entries, entryAction),
      entryAccountsFrom(purchases, purchaseAction),
      depositAccountsFrom(deposits, depositAction),
    );
  }

  async listTaxCodes(connection: ProviderConnection, options?: CallOptions): Promise<TaxCode[]> {
    const action = `reading the VAT types of organization ${connection.organizationId}`;
    const answer = await this.client.get(connection, {
      path: DineroClient.organizationPath('v1', connection, 'vatTypes'),
      action,
      options,
    });
    return taxCodesFrom(vatTypesFrom(answer, action));
  }

  /** The Visma Connect login URL for the host's "connect with Dinero" button. */
  authorizationUrl(params: { readonly redirectUri: string; readonly state: string }): string {
    return this.client.tokens.authorizationUrl(params);
  }

  /**
   * Turns the code from the Visma Connect redirect into credentials (`connectionKind`, `refreshToken`) to store.
   * The stop is checked before the exchange only: a single-use code abandoned halfway could not be exchanged again.
   */
  async exchangeAuthorizationCode(
    params: { readonly code: string; readonly redirectUri: string },
    options?: CallOptions,
  ): Promise<DineroOAuthGrant> {
    this.client.throwIfStopped(options, 'exchanging a Visma Connect login code');
    return this.client.tokens.exchangeCode(params);
  }

  /** A receipt to `POST /v1/{org}/files` as the multipart part `file`; its `FileGuid` is the ref the caller stores. */
  async uploadAttachment(
    connection: ProviderConnection,
    attachment: Attachment,
    options?: CallOptions,
  ): Promise<AttachmentRef> {
    const refused = attachmentLimitError(DINERO_ATTACHMENTS, attachment);
    if (refused !== undefined) throw refused;
    const action = `uploading the receipt "${attachment.fileName}" to organization ${connection.organizationId}`;
    const form = new FormData();
    const type = attachment.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    form.append('file', new Blob([attachment.bytes], { type }), attachment.fileName);
    const answer = await this.client.upload(connection, {
      path: DineroClient.organizationPath('v1', connection, 'files'),
      form,
      action,
      ...(options !== undefined && { options }),
    });
    return { id: fileGuidFrom(answer, action) };
  }

  /** Sends exactly what `renderExpenseVoucher` renders; the draft waits in Kladder for the accountant's Godkend. */
  async createExpenseVoucher(
    connection: ProviderConnection,
    voucher: ExpenseVoucher,
    options?: CallOptions,
  ): Promise<ExportResult> {
    const request = this.renderExpenseVoucher(voucher);
    const action = `creating the purchase voucher draft ${voucher.externalRef} in organization ${connection.organizationId}`;
    const answer = await this.client.write(connection, request.method, {
      path: request.path.replace('{organizationId}', DineroClient.companyIdOf(connection)),
      body: request.body,
      action,
      ...(options !== undefined && { options }),
    });
    return createdVoucherFrom(answer, action);
  }

  /** Creates the ledger items and starts their booking; see DineroJournal for why both happen here. */
  postJournalEntries(
    connection: ProviderConnection,
    entries: readonly JournalEntry[],
    options?: CallOptions,
  ): Promise<JournalEntryResult[]> {
    return this.journal.post(connection, entries, options);
  }

  /** A voucher through its receipt's drafts and `ExternalReference`; a ledger item by its own `Id`. */
  findByExternalRef(
    connection: ProviderConnection,
    externalRef: ExternalRef,
    hint?: LookupHint,
    options?: CallOptions,
  ): Promise<LookupResult> {
    return this.tracking.findByExternalRef(connection, externalRef, hint, options);
  }

  /** The state of the watched vouchers (draft → booked on Godkend, deleted) and ledger items (→ Booked). */
  changesSince(
    connection: ProviderConnection,
    cursor: ChangeCursor | null,
    watched?: readonly TrackedDocument[],
    options?: CallOptions,
  ): Promise<ChangesPage> {
    return this.tracking.changesSince(connection, cursor, watched, options);
  }

  /** The cash purchase voucher draft an expense export sends (preview: nothing is sent). */
  renderExpenseVoucher(voucher: ExpenseVoucher): ProviderRequest {
    return { method: 'POST', path: '/v1.2/{organizationId}/vouchers/purchase', body: purchaseVoucherBody(voucher) };
  }

  /** The ledger items a journal export sends, each with our id as `Id` (preview: nothing is sent). */
  renderJournalEntries(entries: readonly JournalEntry[]): ProviderRequest {
    return { method: 'POST', path: '/v1.2/{organizationId}/ledgeritems', body: ledgerItemsBody(entries) };
  }
}
