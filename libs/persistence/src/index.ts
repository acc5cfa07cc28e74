export { CompanyEntity } from './entities/company.entity';
export { ApiKeyEntity, type ApiKeyRole } from './entities/api-key.entity';
export { dataSourceOptions, describeDatabase, ENTITIES, MIGRATIONS, type DatabaseSettings } from './data-source-options';
export { AuditEntryEntity } from './entities/audit-entry.entity';
