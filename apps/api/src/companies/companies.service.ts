import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditTrail } from '@ledgerbridge/audit';
import { CompanyEntity } from '@ledgerbridge/persistence';
import { QueryFailedError, Repository } from 'typeorm';
import { conflict, notFound } from '../http/api-errors';
import { CreateCompanyDto, UpdateCompanyDto } from './dto/company.dto';

@Injectable()
export class CompaniesService {
  private readonly logger = new Logger(CompaniesService.name);

  constructor(
    @InjectRepository(CompanyEntity) private readonly companies: Repository<CompanyEntity>,
    private readonly audit: AuditTrail,
  ) {}

  /** The company and its audit entry are stored together or not at all. */
  async create(dto: CreateCompanyDto, actor: string): Promise<CompanyEntity> {
    const id = randomUUID();
    const row = { id, name: dto.name, externalId: dto.externalId ?? null, baseCurrency: dto.baseCurrency ?? 'DKK' };
    await this.uniqueExternalId(() =>
      this.audit.transaction(id, async (tx) => {
        await tx.getRepository(CompanyEntity).insert(row);
        await this.audit.record(
          { companyId: id, actor, action: 'company.created', subjectType: 'company', subjectId: id, after: row },
          tx,
        );
      }),
    );
    this.logger.log(`Company ${id} ("${dto.name}") was created.`);
    return this.get(id);
  }

  async list(page: number, pageSize: number): Promise<{ items: CompanyEntity[]; total: number }> {
    const [items, total] = await this.companies.findAndCount({
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }

  async get(id: string): Promise<CompanyEntity> {
    const company = await this.companies.findOneBy({ id });
    if (!company) throw notFound('Company');
    return company;
  }

  async update(id: string, dto: UpdateCompanyDto, actor: string): Promise<CompanyEntity> {
    const current = await this.get(id);
    const changes: Partial<Pick<CompanyEntity, 'name' | 'externalId' | 'baseCurrency'>> = {};
    if (dto.name !== undefined && dto.name !== current.name) changes.name = dto.name;
    if (dto.externalId !== undefined && dto.externalId !== current.externalId) changes.externalId = dto.externalId;
    if (dto.baseCurrency !== undefined && dto.baseCurrency !== current.baseCurrency)
      changes.baseCurrency = dto.baseCurrency;
    if (Object.keys(changes).length === 0) return current;
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, current[k as keyof typeof changes]]));
    await this.uniqueExternalId(() =>
      this.audit.transaction(id, async (tx) => {
        await tx.getRepository(CompanyEntity).update({ id }, changes);
        await this.audit.record(
          {
            companyId: id,
            actor,
            action: 'company.updated',
            subjectType: 'company',
            subjectId: id,
            before,
            after: changes,
          },
          tx,
        );
      }),
    );
    this.logger.log(`Company ${id} was updated (${Object.keys(changes).join(', ')}).`);
    return this.get(id);
  }

  private async uniqueExternalId(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (err) {
      // Both SQLite and PostgreSQL report a unique violation as a QueryFailedError; externalId is the only unique field.
      if (err instanceof QueryFailedError && /unique/i.test(err.message)) {
        throw conflict('Another company already has this externalId.', [
          { field: 'externalId', message: 'externalId is already used by another company' },
        ]);
      }
      throw err;
    }
  }
}
