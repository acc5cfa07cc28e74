import { Controller, Get } from '@nestjs/common';
import { DineroApi, OrganizationId } from '../auth/dinero-api.decorator';
import { SandboxState } from '../state/sandbox.state';

@DineroApi()
@Controller('v1/:organizationId/vatTypes')
export class VatTypesController {
  constructor(private readonly state: SandboxState) {}

  // VatRate is a fraction (0.25), as Dinero sends it.
  @Get()
  list(@OrganizationId() organizationId: number) {
    return this.state.chart
      .vatTypes(organizationId)
      .map((vat) => ({ VatCode: vat.code, Name: vat.name, VatRate: vat.rate }));
  }
}
