import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly, CurrentPrincipal } from '../auth/auth.decorators';
import { actorOf, type Principal } from '../auth/principal';
import { PageQueryDto } from '../http/pagination.dto';
import { uuidParam } from '../http/uuid-param.pipe';
import { ApiErrors } from '../swagger/api-errors.decorator';
import { CompaniesService } from './companies.service';
import { CompanyPageDto } from './dto/company-page.dto';
import { CompanyDto, CreateCompanyDto, UpdateCompanyDto } from './dto/company.dto';

@ApiTags('companies')
@Controller('companies')
export class CompaniesController {
  constructor(private readonly companies: CompaniesService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a company (tenant)', description: 'Admin keys only.' })
  @ApiCreatedResponse({ type: CompanyDto })
  @ApiErrors(400, 409)
  async create(@Body() dto: CreateCompanyDto, @CurrentPrincipal() principal: Principal): Promise<CompanyDto> {
    return CompanyDto.of(await this.companies.create(dto, actorOf(principal)));
  }

  @Get()
  @ApiOperation({ summary: 'List companies, oldest first', description: 'Admin keys only.' })
  @ApiOkResponse({ type: CompanyPageDto })
  @ApiErrors(400)
  async list(@Query() query: PageQueryDto): Promise<CompanyPageDto> {
    const { items, total } = await this.companies.list(query.page, query.pageSize);
    return { items: items.map(CompanyDto.of), page: query.page, pageSize: query.pageSize, total };
  }

  @Get(':companyId')
  @ApiOperation({ summary: 'Read a company', description: "Admin keys, or the company's own keys." })
  @ApiOkResponse({ type: CompanyDto })
  @ApiErrors(400, 404)
  async get(@Param('companyId', uuidParam('companyId')) companyId: string): Promise<CompanyDto> {
    return CompanyDto.of(await this.companies.get(companyId));
  }

  @Patch(':companyId')
  @AdminOnly()
  @ApiOperation({ summary: 'Update a company', description: 'Admin keys only. Send only the fields to change.' })
  @ApiOkResponse({ type: CompanyDto })
  @ApiErrors(400, 404, 409)
  async update(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() dto: UpdateCompanyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CompanyDto> {
    return CompanyDto.of(await this.companies.update(companyId, dto, actorOf(principal)));
  }
}
