import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditTrail, AuditVerifier } from '@ledgerbridge/audit';
import { CompaniesService } from '../companies/companies.service';
import { uuidParam } from '../http/uuid-param.pipe';
import { ApiErrors } from '../swagger/api-errors.decorator';
import { AuditEntryDto, AuditPageDto, AuditQueryDto, AuditVerdictDto } from './audit.dto';

@ApiTags('audit')
@Controller('companies/:companyId/audit')
export class AuditController {
  constructor(
    private readonly companies: CompaniesService,
    private readonly trail: AuditTrail,
    private readonly verifier: AuditVerifier,
  ) {}

  @Get()
  @ApiOperation({
    summary: "A company's audit trail, newest first",
    description: "Admin keys, or the company's own keys.",
  })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiErrors(400, 404)
  async list(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Query() query: AuditQueryDto,
  ): Promise<AuditPageDto> {
    await this.companies.get(companyId);
    const { items, total } = await this.trail.list({ companyId, ...query });
    return { items: items.map(AuditEntryDto.of), page: query.page, pageSize: query.pageSize, total };
  }

  @Get('verify')
  @ApiOperation({
    summary: "Check a company's audit chain",
    description:
      'Re-computes every hash from the first entry; reports the first entry that was altered, removed or inserted.',
  })
  @ApiOkResponse({ type: AuditVerdictDto })
  @ApiErrors(400, 404)
  async verify(@Param('companyId', uuidParam('companyId')) companyId: string): Promise<AuditVerdictDto> {
    await this.companies.get(companyId);
    const verdict = await this.verifier.verifyCompany(companyId);
    return {
      valid: verdict.valid,
      entriesChecked: verdict.entriesChecked,
      brokenAt: verdict.brokenAt && { seq: verdict.brokenAt.seq, reason: verdict.brokenAt.reason },
    };
  }
}
