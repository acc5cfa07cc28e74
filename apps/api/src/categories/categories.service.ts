import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditTrail } from '@ledgerbridge/audit';
import { CategoryEntity, LedgerAccountEntity, TaxCodeEntity } from '@ledgerbridge/persistence';
import { Repository } from 'typeorm';
import { ApiError, FieldError, conflict, notFound } from '../http/api-errors';
import { CategoryDto, CategoryOptionsDto, CreateCategoryDto, UpdateCategoryDto } from './category.dto';

/** The platform's expense categories and the provider accounts they book to. */
@Injectable()
export class CategoriesService {
  constructor(
    private readonly audit: AuditTrail,
    @InjectRepository(CategoryEntity) private readonly categories: Repository<CategoryEntity>,
    @InjectRepository(LedgerAccountEntity) private readonly accounts: Repository<LedgerAccountEntity>,
    @InjectRepository(TaxCodeEntity) private readonly taxCodes: Repository<TaxCodeEntity>,
  ) {}

  async options(companyId: string): Promise<CategoryOptionsDto> {
    const accounts = await this.accounts.find({ where: { companyId, kind: 'expense', active: true }, order: { number: 'ASC' } });
    const taxCodes = await this.taxCodes.find({ where: { companyId, active: true }, order: { code: 'ASC' } });
    return {
      accounts: accounts.map((a) => ({ number: a.number, name: a.name, defaultTaxCode: a.defaultTaxCode })),
      taxCodes: taxCodes.map((t) => ({ code: t.code, name: t.name, rateBasisPoints: t.rateBasisPoints })),
    };
  }

  async list(companyId: string): Promise<CategoryDto[]> {
    const rows = await this.categories.find({ where: { companyId }, order: { key: 'ASC' } });
    const accounts = new Map((await this.accounts.findBy({ companyId })).map((a) => [a.number, a]));
    return rows.map((c) => CategoryDto.of(c, accounts.get(c.accountNumber)));
  }

  async get(companyId: string, key: string): Promise<CategoryDto> {
    const row = await this.categories.findOneBy({ companyId, key });
    if (!row) throw notFound('Category');
    return CategoryDto.of(row, (await this.accounts.findOneBy({ companyId, number: row.accountNumber })) ?? undefined);
  }

  async create(companyId: string, dto: CreateCategoryDto, actor: string): Promise<CategoryDto> {
    if (await this.categories.findOneBy({ companyId, key: dto.key })) {
      throw conflict('A category with this key exists already.', [{ field: 'key', message: `category "${dto.key}" exists already` }]);
    }
    await this.check(companyId, dto.accountNumber, dto.taxCode ?? null);
    const row = { id: randomUUID(), companyId, key: dto.key, name: dto.name, accountNumber: dto.accountNumber, taxCode: dto.taxCode ?? null };
    await this.audit.transaction(companyId, async (tx) => {
      await tx.getRepository(CategoryEntity).insert(row);
      await this.audit.record({ companyId, actor, action: 'category.created', subjectType: 'category', subjectId: dto.key, after: row }, tx);
    });
    return this.get(companyId, dto.key);
  }

  async update(companyId: string, key: string, dto: UpdateCategoryDto, actor: string): Promise<CategoryDto> {
    const row = await this.categories.findOneBy({ companyId, key });
    if (!row) throw notFound('Category');
    const next = {
      name: dto.name ?? row.name,
      accountNumber: dto.accountNumber ?? row.accountNumber,
      taxCode: dto.taxCode === undefined ? row.taxCode : dto.taxCode,
    };
    await this.check(companyId, next.accountNumber, next.taxCode);
    await this.audit.transaction(companyId, async (tx) => {
      await tx.getRepository(CategoryEntity).update({ id: row.id }, next);
      const before = { name: row.name, accountNumber: row.accountNumber, taxCode: row.taxCode };
      await this.audit.record({ companyId, actor, action: 'category.updated', subjectType: 'category', subjectId: key, before, after: next }, tx);
    });
    return this.get(companyId, key);
  }

  /** A category may book only to an active expense account, with an active VAT code. */
  private async check(companyId: string, accountNumber: string, taxCode: string | null): Promise<void> {
    const problems: FieldError[] = [];
    const account = await this.accounts.findOneBy({ companyId, number: accountNumber });
    if (!account) problems.push({ field: 'accountNumber', message: `account ${accountNumber} is not in the synced chart (sync, or pick from the options)` });
    else if (!account.active) problems.push({ field: 'accountNumber', message: `account ${accountNumber} "${account.name}" is inactive at the provider` });
    else if (account.kind !== 'expense') problems.push({ field: 'accountNumber', message: `account ${accountNumber} "${account.name}" is not an expense account` });
    if (taxCode !== null) {
      const code = await this.taxCodes.findOneBy({ companyId, code: taxCode });
      if (!code || !code.active) problems.push({ field: 'taxCode', message: `VAT code ${taxCode} is not among the provider's active VAT codes` });
    }
    if (problems.length > 0) throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'The category is not valid.', problems);
  }
}
