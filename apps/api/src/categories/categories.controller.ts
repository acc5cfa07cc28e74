import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { actorOf, type Principal } from '../auth/principal';
import { CompaniesService } from '../companies/companies.service';
import { uuidParam } from '../http/uuid-param.pipe';
import { ApiErrors } from '../swagger/api-errors.decorator';
import { CategoriesService } from './categories.service';
import { CategoryDto, CategoryOptionsDto, CreateCategoryDto, UpdateCategoryDto } from './category.dto';

@ApiTags('categories')
@Controller('companies/:companyId/categories')
export class CategoriesController {
  constructor(
    private readonly companies: CompaniesService,
    private readonly categories: CategoriesService,
  ) {}

  @Get('options')
  @ApiOperation({ summary: 'Drop-down options: expense accounts and VAT codes from the synced chart' })
  @ApiOkResponse({ type: CategoryOptionsDto })
  @ApiErrors(400, 404)
  async options(@Param('companyId', uuidParam('companyId')) companyId: string): Promise<CategoryOptionsDto> {
    await this.companies.get(companyId);
    return this.categories.options(companyId);
  }

  @Get()
  @ApiOperation({ summary: "The company's categories; `attention` flags one whose account turned inactive" })
  @ApiOkResponse({ type: [CategoryDto] })
  @ApiErrors(400, 404)
  async list(@Param('companyId', uuidParam('companyId')) companyId: string): Promise<CategoryDto[]> {
    await this.companies.get(companyId);
    return this.categories.list(companyId);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a category mapped to an active expense account' })
  @ApiCreatedResponse({ type: CategoryDto })
  @ApiErrors(400, 404, 409)
  async create(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() dto: CreateCategoryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CategoryDto> {
    await this.companies.get(companyId);
    return this.categories.create(companyId, dto, actorOf(principal));
  }

  @Patch(':key')
  @ApiOperation({ summary: 'Rename a category, or change its account or VAT code' })
  @ApiOkResponse({ type: CategoryDto })
  @ApiErrors(400, 404)
  async update(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('key') key: string,
    @Body() dto: UpdateCategoryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CategoryDto> {
    await this.companies.get(companyId);
    return this.categories.update(companyId, key, dto, actorOf(principal));
  }
}
