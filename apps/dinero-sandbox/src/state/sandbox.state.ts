import type { SandboxSeed, SeedChart, SeedOrganization } from '../seed/seed.types';
import { AuthStore } from './auth.store';
import { CallLogStore } from './call-log.store';
import { ChartStore } from './chart.store';
import { ContactStore } from './contact.store';
import { FaultStore } from './fault.store';
import { FileStore } from './file.store';
import { JournalStore } from './journal.store';
import { LedgerStore } from './ledger.store';
import { Organization, OrganizationStore } from './organization.store';
import { RateLimitStore } from './rate-limit.store';
import { VoucherStore } from './voucher.store';

// Everything the sandbox holds, in memory; one instance per app so parallel tests never share state.
export class SandboxState {
  readonly organizations = new OrganizationStore();
  readonly auth = new AuthStore();
  readonly chart = new ChartStore();
  readonly files = new FileStore();
  readonly vouchers = new VoucherStore();
  readonly ledger = new LedgerStore();
  readonly journal = new JournalStore();
  readonly contacts = new ContactStore();
  readonly faults = new FaultStore();
  readonly rateLimits = new RateLimitStore();
  readonly calls = new CallLogStore();
  private seed: SandboxSeed;

  constructor(
    seed: SandboxSeed,
    private readonly now: () => number,
  ) {
    this.seed = seed;
    this.reset();
  }

  // Reset returns to the seed the app started with, or to a new one.
  reset(seed?: SandboxSeed): void {
    if (seed) this.seed = seed;
    for (const store of [
      this.organizations,
      this.auth,
      this.chart,
      this.files,
      this.vouchers,
      this.ledger,
      this.journal,
      this.contacts,
      this.faults,
      this.rateLimits,
      this.calls,
    ]) {
      store.clear();
    }
    for (const integration of this.seed.integrations) {
      this.auth.addIntegration({ name: integration.clientId, redirectUris: [], ...integration });
    }
    for (const organization of this.seed.organizations) this.addOrganization(organization, this.seed.chart);
  }

  addOrganization(seed: SeedOrganization, chart: SeedChart): Organization {
    const organization = this.organizations.add(seed);
    this.chart.load(organization.id, chart);
    for (const apiKey of seed.apiKeys ?? []) {
      this.auth.addApiKey({ key: apiKey.key, organizationId: organization.id, clientId: apiKey.clientId ?? null });
    }
    const now = this.now();
    for (const contact of this.seed.contacts ?? []) {
      this.contacts.add({
        guid: contact.ContactGuid,
        organizationId: organization.id,
        name: contact.Name,
        countryKey: contact.CountryKey,
        isPerson: contact.IsPerson,
        isMember: false,
        useCvr: false,
        vatNumber: contact.VatNumber ?? null,
        email: null,
        externalReference: null,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });
    }
    return organization;
  }

  defaultChart(): SeedChart {
    return structuredClone(this.seed.chart);
  }
}
