import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyService } from '../auth/api-key.service';
import { AdminOnly, CurrentPrincipal } from '../auth/auth.decorators';
import { actorOf, type Principal } from '../auth/principal';
import { notFound } from '../http/api-errors';
import { uuidParam } from '../http/uuid-param.pipe';
import { ApiErrors } from '../swagger/api-errors.decorator';
import { CompaniesService } from './companies.service';
import { ApiKeyDto, CreateApiKeyDto, IssuedApiKeyDto } from './dto/api-key.dto';

@ApiTags('api keys')
@Controller('companies/:companyId/api-keys')
export class ApiKeysController {
  constructor(
    private readonly companies: CompaniesService,
    private readonly keys: ApiKeyService,
  ) {}

  @Post()
  @AdminOnly()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Issue a company API key',
    description: 'Admin keys only. The key is in this answer and never again.',
  })
  @ApiCreatedResponse({ type: IssuedApiKeyDto })
  @ApiErrors(400, 404)
  async issue(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() dto: CreateApiKeyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IssuedApiKeyDto> {
    await this.companies.get(companyId);
    const issued = await this.keys.issueCompanyKey(companyId, dto.name, principal.keyId);
    return { ...ApiKeyDto.of(issued.key), key: issued.plaintext };
  }

  @Get()
  @ApiOperation({
    summary: "List a company's API keys",
    description: "Admin keys, or the company's own keys. Secrets are never shown.",
  })
  @ApiOkResponse({ type: [ApiKeyDto] })
  @ApiErrors(400, 404)
  async list(@Param('companyId', uuidParam('companyId')) companyId: string): Promise<ApiKeyDto[]> {
    await this.companies.get(companyId);
    return (await this.keys.listForCompany(companyId)).map(ApiKeyDto.of);
  }

  @Delete(':keyId')
  @AdminOnly()
  @ApiOperation({ summary: 'Revoke a company API key', description: 'Admin keys only. The key stops working at once.' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiErrors(400, 404)
  async revoke(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('keyId', uuidParam('keyId')) keyId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ApiKeyDto> {
    const key = await this.keys.revoke(companyId, keyId, actorOf(principal));
    if (!key) throw notFound('API key');
    return ApiKeyDto.of(key);
  }
}
