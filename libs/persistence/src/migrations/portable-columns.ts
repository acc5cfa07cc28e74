import { QueryRunner, TableColumnOptions } from 'typeorm';

// Migrations are written once with TypeORM's schema builder and run on SQLite and PostgreSQL alike;
// these column shapes ask the running driver for its own type names, so both match the entities exactly.

export function idColumn(name = 'id'): TableColumnOptions {
  return { name, type: 'varchar', length: '36', isPrimary: true };
}

export function timestampColumn(qr: QueryRunner, name: string, nullable = true): TableColumnOptions {
  return { name, type: qr.connection.driver.normalizeType({ type: Date }), isNullable: nullable };
}

export function createdAtColumn(qr: QueryRunner, name = 'created_at'): TableColumnOptions {
  const types = qr.connection.driver.mappedDataTypes;
  return { name, type: qr.connection.driver.normalizeType({ type: types.createDate }), default: types.createDateDefault };
}

export function updatedAtColumn(qr: QueryRunner, name = 'updated_at'): TableColumnOptions {
  const types = qr.connection.driver.mappedDataTypes;
  return { name, type: qr.connection.driver.normalizeType({ type: types.updateDate }), default: types.updateDateDefault };
}
