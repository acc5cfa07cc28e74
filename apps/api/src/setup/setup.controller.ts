import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { actorOf, type Principal } from '../auth/principal';
import { uuidParam } from '../http/uuid-param.pipe';
import { ApiErrors } from '../swagger/api-errors.decorator';
import { CompaniesService } from '../companies/companies.service';
import { SaveSetupDto, SetupDto, SetupOptionsDto } from './setup.dto';
import { SetupService } from './setup.service';

@ApiTags('setup')
@Controller('companies/:companyId/setup')
export class SetupController {
  constructor(
    private readonly companies: CompaniesService,
    private readonly setup: SetupService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The current setup, and whether the company is ready to export' })
  @ApiOkResponse({ type: SetupDto })
  @ApiErrors(400, 404)
  async read(@Param('companyId', uuidParam('companyId')) companyId: string): Promise<SetupDto> {
    await this.companies.get(companyId);
    return this.setup.read(companyId);
  }

  @Get('options')
  @ApiOperation({ summary: 'The accounts the setup may choose, read live from the provider' })
  @ApiOkResponse({ type: SetupOptionsDto })
  @ApiErrors(400, 404, 409)
  async options(@Param('companyId', uuidParam('companyId')) companyId: string): Promise<SetupOptionsDto> {
    await this.companies.get(companyId);
    return this.setup.options(companyId);
  }

  @Put()
  @ApiOperation({
    summary: 'Choose the deposit, out-of-pocket, reimbursement and funding accounts',
    description: "Checked against the provider's chart as it is now.",
  })
  @ApiOkResponse({ type: SetupDto })
  @ApiErrors(400, 404, 409)
  async save(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() dto: SaveSetupDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SetupDto> {
    await this.companies.get(companyId);
    return this.setup.save(companyId, dto, actorOf(principal));
  }
}
