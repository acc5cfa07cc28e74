import type { SeedOrganization } from '../seed/seed.types';

export interface Organization {
  id: number;
  name: string;
  isPro: boolean;
  isPayingPro: boolean;
  isVatFree: boolean;
  vatNumber: string | null;
  email: string | null;
  street: string | null;
  city: string | null;
  zipCode: string | null;
  countryKey: string;
  companyTypeKey: string | null;
}

export class OrganizationStore {
  private readonly organizations = new Map<number, Organization>();

  clear(): void {
    this.organizations.clear();
  }

  add(seed: SeedOrganization): Organization {
    const organization: Organization = {
      id: seed.Id,
      name: seed.Name,
      isPro: seed.IsPro,
      isPayingPro: seed.IsPayingPro,
      isVatFree: seed.IsVatFree ?? false,
      vatNumber: seed.VatNumber ?? null,
      email: seed.Email ?? null,
      street: seed.Street ?? null,
      city: seed.City ?? null,
      zipCode: seed.ZipCode ?? null,
      countryKey: seed.CountryKey ?? 'DK',
      companyTypeKey: seed.CompanyTypeKey ?? null,
    };
    this.organizations.set(organization.id, organization);
    return organization;
  }

  get(id: number): Organization | undefined {
    return this.organizations.get(id);
  }

  all(): Organization[] {
    return [...this.organizations.values()];
  }

  nextId(): number {
    return Math.max(100000, ...this.organizations.keys()) + 1;
  }

  // API access needs a paid plan (API.md "Authentication").
  isPaid(id: number): boolean {
    const organization = this.organizations.get(id);
    return organization !== undefined && organization.isPro && organization.isPayingPro;
  }
}
