import { QueryRunner, TableColumnOptions } from 'typeorm';

// Migrations are written once with TypeORM's schema builder and run on SQLite and PostgreSQL alike;
// these column shapes ask the running driver for its own type names, so both match the entities exactly.

export function idColumn(name = 'id'): TableColumnOptions {
  return { name, type: 'varchar', length: '36', isPrimary: true };
}

// The zone-less type migrations before 1764000300000 created; fixed here so they build the same schema they always
// did even though the running driver now maps Dates to `timestamp with time zone` (see zone-aware-timestamps.ts).
function legacyTimestampType(qr: QueryRunner): string {
  return qr.connection.driver.options.type === 'postgres'
    ? 'timestamp without time zone'
    : qr.connection.driver.normalizeType({ type: Date });
}

export function timestampColumn(qr: QueryRunner, name: string, nullable = true): TableColumnOptions {
  return { name, type: legacyTimestampType(qr), isNullable: nullable };
}

export function createdAtColumn(qr: QueryRunner, name = 'created_at'): TableColumnOptions {
  const types = qr.connection.driver.mappedDataTypes;
  return { name, type: legacyTimestampType(qr), default: types.createDateDefault };
}

export function updatedAtColumn(qr: QueryRunner, name = 'updated_at'): TableColumnOptions {
  const types = qr.connection.driver.mappedDataTypes;
  return { name, type: legacyTimestampType(qr), default: types.updateDateDefault };
}

/**
 * From 1764000300000 on: a point in time, `timestamp with time zone` on PostgreSQL (an instant, whatever the
 * session's zone) and `datetime` on SQLite. The helpers above keep the zone-less type the earlier migrations created.
 */
export function instantType(qr: QueryRunner): string {
  return qr.connection.driver.options.type === 'postgres'
    ? 'timestamp with time zone'
    : qr.connection.driver.normalizeType({ type: Date });
}

export function instantColumn(qr: QueryRunner, name: string, nullable = true): TableColumnOptions {
  return { name, type: instantType(qr), isNullable: nullable };
}
