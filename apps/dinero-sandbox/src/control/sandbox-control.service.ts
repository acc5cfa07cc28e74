import { createHash } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { LedgerItemService } from '../bookkeeping/ledger-item.service';
import { purchaseReadModel } from '../bookkeeping/purchase-voucher.presenter';
import { SANDBOX_OPTIONS, RunningOptions } from '../config/sandbox.tokens';
import { oreToKroner } from '../core/money.codec';
import { ledgerItemReadModel } from '../bookkeeping/ledger-item.rules';
import { Organization } from '../state/organization.store';
import { SandboxState } from '../state/sandbox.state';

// What the control surface and the web page show of one organization.
@Injectable()
export class SandboxControlService {
  constructor(
    private readonly state: SandboxState,
    private readonly ledger: LedgerItemService,
    @Inject(SANDBOX_OPTIONS) private readonly options: RunningOptions,
  ) {}

  organization(id: number): Organization {
    const organization = this.state.organizations.get(id);
    if (!organization) throw new NotFoundException(`Organization ${id} does not exist.`);
    return organization;
  }

  balances(id: number) {
    this.organization(id);
    this.ledger.settle(id);
    const balances = this.state.journal.balances(id);
    return [...balances.entries()]
      .sort(([a], [b]) => a - b)
      .map(([accountNumber, ore]) => ({
        AccountNumber: accountNumber,
        Name: this.state.chart.account(id, accountNumber)?.name ?? null,
        Balance: oreToKroner(ore),
      }));
  }

  holdings(id: number) {
    const organization = this.organization(id);
    this.ledger.settle(id);
    const vouchers = this.state.vouchers.all(id).map((voucher) => purchaseReadModel(this.state, voucher));
    return {
      organization: { ...organization, paid: this.state.organizations.isPaid(id) },
      drafts: vouchers.filter((voucher) => voucher.Status === 'Draft'),
      bookedVouchers: vouchers.filter((voucher) => voucher.Status !== 'Draft'),
      ledgerItems: this.state.ledger.all(id).map((item) => ({ ...ledgerItemReadModel(item), Status: item.status })),
      files: this.state.files
        .all(id)
        // The digest lets a test check a receipt's bytes without spending the organization's request quota.
        .map((file) => ({
          FileGuid: file.guid,
          Name: file.name,
          Size: file.size,
          ContentType: file.contentType,
          Sha256: createHash('sha256').update(file.bytes).digest('hex'),
        })),
      entryCount: this.state.journal.all(id).length,
      balances: this.balances(id),
      faults: this.state.faults.get(id),
    };
  }

  overview() {
    return {
      organizations: this.state.organizations.all().map((organization) => ({
        id: organization.id,
        name: organization.name,
        paid: this.state.organizations.isPaid(organization.id),
        accounts: this.state.chart.accounts(organization.id).length,
        purchaseVouchers: this.state.vouchers.all(organization.id).length,
        ledgerItems: this.state.ledger.all(organization.id).length,
        files: this.state.files.all(organization.id).length,
      })),
      integrations: [...this.state.auth.integrations.values()].map(({ clientId, name, redirectUris }) => ({
        clientId,
        name,
        redirectUris,
      })),
      apiKeys: [...this.state.auth.apiKeys.values()],
      settings: {
        tokenLifetimeMs: this.options.tokenLifetimeMs,
        refreshGraceMs: this.options.refreshGraceMs,
        rateLimit: this.options.rateLimit,
        rateWindowMs: this.options.rateWindowMs,
        retryAfterHeader: this.options.retryAfterHeader,
        ledgerBookingDelayMs: this.options.ledgerBookingDelayMs,
        largeFileStatus: this.options.largeFileStatus,
        noSubscriptionCode: this.options.noSubscriptionCode,
      },
    };
  }
}
