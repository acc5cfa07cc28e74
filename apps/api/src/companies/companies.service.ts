import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { CompanyEntity } from '@ledgerbridge/persistence';
import { QueryFailedError, Repository } from 'typeorm';
import { conflict, notFound } from '../http/api-errors';
import { CreateCompanyDto, UpdateCompanyDto } from './dto/company.dto';

@Injectable()
export class CompaniesService {
  private readonly logger = new Logger(CompaniesService.name);

  constructor(@InjectRepository(CompanyEntity) private readonly companies: Repository<CompanyEntity>) {}

  async create(dto: CreateCompanyDto): Promise<CompanyEntity> {
    const id = randomUUID();
    await this.uniqueExternalId(() =>
      this.companies.insert({ id, name: dto.name, externalId: dto.externalId ?? null, baseCurrency: dto.baseCurrency ?? 'DKK' }),
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

  async update(id: string, dto: UpdateCompanyDto): Promise<CompanyEntity> {
    await this.get(id);
    const changes: Partial<CompanyEntity> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.externalId !== undefined) changes.externalId = dto.externalId;
    if (dto.baseCurrency !== undefined) changes.baseCurrency = dto.baseCurrency;
    if (Object.keys(changes).length > 0) await this.uniqueExternalId(() => this.companies.update({ id }, changes));
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
