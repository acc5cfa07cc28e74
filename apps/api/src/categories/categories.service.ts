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

  /** Exactly the accounts the provider accepts on expense lines; never a sales VAT code, as a default or a choice. */
  async options(companyId: string): Promise<CategoryOptionsDto> {
    const accounts = await this.accounts.find({
      where: { companyId, expenseAllowed: true, active: true },
      order: { number: 'ASC' },
    });
    const taxCodes = await this.activeTaxCodes(companyId);
    return {
      accounts: accounts.map((a) => ({
        number: a.number,
        name: a.name,
        category: a.category,
        defaultTaxCode: expenseDefault(a.defaultTaxCode, taxCodes)?.code ?? null,
      })),
      taxCodes: [...taxCodes.values()]
        .filter((t) => t.direction !== 'sale')
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((t) => ({ code: t.code, name: t.name, rateBasisPoints: t.rateBasisPoints, direction: t.direction })),
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
      throw conflict('A category with this key exists already.', [
        { field: 'key', message: `category "${dto.key}" exists already` },
      ]);
    }
    const taxCode = await this.check(companyId, dto.accountNumber, dto.taxCode ?? null);
    const row = {
      id: randomUUID(),
      companyId,
      key: dto.key,
      name: dto.name,
      accountNumber: dto.accountNumber,
      taxCode,
    };
    await this.audit.transaction(companyId, async (tx) => {
      await tx.getRepository(CategoryEntity).insert(row);
      await this.audit.record(
        { companyId, actor, action: 'category.created', subjectType: 'category', subjectId: dto.key, after: row },
        tx,
      );
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
    next.taxCode = await this.check(companyId, next.accountNumber, next.taxCode);
    await this.audit.transaction(companyId, async (tx) => {
      await tx.getRepository(CategoryEntity).update({ id: row.id }, next);
      const before = { name: row.name, accountNumber: row.accountNumber, taxCode: row.taxCode };
      await this.audit.record(
        { companyId, actor, action: 'category.updated', subjectType: 'category', subjectId: key, before, after: next },
        tx,
      );
    });
    return this.get(companyId, key);
  }

  /**
   * A category may book only to an active account the provider accepts on expense lines, with an active VAT code
   * that is not a sales code; left to the account's default, that default must not be a sales code either.
   * Answers the VAT code as the provider spells it.
   */
  private async check(companyId: string, accountNumber: string, taxCode: string | null): Promise<string | null> {
    const problems: FieldError[] = [];
    const account = await this.accounts.findOneBy({ companyId, number: accountNumber });
    const taxCodes = await this.activeTaxCodes(companyId);
    if (!account)
      problems.push({
        field: 'accountNumber',
        message: `account ${accountNumber} is not in the synced chart (sync, or pick from the options)`,
      });
    else if (!account.active)
      problems.push({
        field: 'accountNumber',
        message: `account ${accountNumber} "${account.name}" is inactive at the provider`,
      });
    else if (!account.expenseAllowed) {
      problems.push({
        field: 'accountNumber',
        message: `account ${accountNumber} "${account.name}" is not an expense account: the provider does not accept it on expense lines`,
      });
    }
    const code = taxCode === null ? undefined : taxCodes.get(taxCode.toLowerCase());
    if (taxCode !== null && !code)
      problems.push({ field: 'taxCode', message: `VAT code ${taxCode} is not among the provider's active VAT codes` });
    else if (code?.direction === 'sale') {
      problems.push({
        field: 'taxCode',
        message: `VAT code ${code.code} is a sales VAT code; an expense needs a purchase VAT code or none`,
      });
    } else if (
      taxCode === null &&
      account?.expenseAllowed &&
      account.defaultTaxCode !== null &&
      !expenseDefault(account.defaultTaxCode, taxCodes)
    ) {
      problems.push({
        field: 'taxCode',
        message: `account ${accountNumber} defaults to VAT code ${account.defaultTaxCode}, which is not a purchase VAT code: name the VAT code this category books with`,
      });
    }
    if (problems.length > 0)
      throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'The category is not valid.', problems);
    return code?.code ?? null;
  }

  // Providers differ in the case of VAT codes (Dinero: "none" and "NONE"), so they are matched without it.
  private async activeTaxCodes(companyId: string): Promise<Map<string, TaxCodeEntity>> {
    const rows = await this.taxCodes.find({ where: { companyId, active: true } });
    return new Map(rows.map((t) => [t.code.toLowerCase(), t]));
  }
}

/** An account's default VAT code as an expense's default: only a known purchase or no-VAT code, never a sales one. */
export function expenseDefault(
  code: string | null,
  taxCodes: ReadonlyMap<string, TaxCodeEntity>,
): TaxCodeEntity | undefined {
  const known = code === null ? undefined : taxCodes.get(code.toLowerCase());
  return known && known.direction !== 'sale' ? known : undefined;
}
