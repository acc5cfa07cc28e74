import { Controller, Get, Query, Req } from '@nestjs/common';
import { DineroApi } from '../auth/dinero-api.decorator';
import { DineroRequest } from '../auth/dinero-request';
import { projectFields } from '../core/field.projection';
import { Organization } from '../state/organization.store';
import { SandboxState } from '../state/sandbox.state';

function readModel(organization: Organization) {
  return {
    Name: organization.name,
    Id: organization.id,
    Type: organization.companyTypeKey,
    IsPro: organization.isPro,
    IsPayingPro: organization.isPayingPro,
    IsVatFree: organization.isVatFree,
    Email: organization.email,
    Phone: null,
    Street: organization.street,
    City: organization.city,
    ZipCode: organization.zipCode,
    AttPerson: null,
    IsTaxFreeUnion: false,
    VatNumber: organization.vatNumber,
    CountryKey: organization.countryKey,
    Website: null,
  };
}

function readModelV2(organization: Organization) {
  return {
    Name: organization.name,
    Id: organization.id,
    CompanyTypeKey: organization.companyTypeKey,
    IsVatFree: organization.isVatFree,
    Email: organization.email,
    Phone: null,
    Street: organization.street,
    City: organization.city,
    ZipCode: organization.zipCode,
    AttPerson: null,
    IsTaxFreeUnion: false,
    VatNumber: organization.vatNumber,
    CountryKey: organization.countryKey,
    Website: null,
    RoleKey: 'Owner',
    Subscription: {
      HasPro: organization.isPro,
      HasPayingPro: organization.isPayingPro,
      HasStarterPlus: false,
      HasTotal: false,
      HasYfs: false,
    },
  };
}

@DineroApi()
@Controller()
export class OrganizationsController {
  constructor(private readonly state: SandboxState) {}

  private reachable(request: DineroRequest): Organization[] {
    const ids = request.caller?.token.organizationIds ?? [];
    return ids.map((id) => this.state.organizations.get(id)).filter((o): o is Organization => o !== undefined);
  }

  // The one call an organization without a paid plan may make.
  @Get('v1/organizations')
  list(@Req() request: DineroRequest, @Query('fields') fields?: string) {
    return projectFields(this.reachable(request).map(readModel), fields, 'id,name,isPro');
  }

  @Get('v1.1/organizations')
  listV2(@Req() request: DineroRequest) {
    return this.reachable(request).map(readModelV2);
  }
}
