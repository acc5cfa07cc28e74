import { DataSource, DataSourceOptions } from 'typeorm';

// The spelling TypeORM's PostgreSQL driver converts Dates for (it leaves the `timestamptz` alias unconverted).
const ZONED = 'timestamp with time zone';

/**
 * On PostgreSQL every Date column is `timestamp with time zone`: the database stores the instant, so what a process
 * writes reads back as the same instant whatever its own or the session's time zone. SQLite keeps TypeORM's
 * `datetime` text, which TypeORM always writes and reads in UTC.
 */
export function useZoneAwareTimestamps(dataSource: DataSource): DataSource {
  if (dataSource.options.type !== 'postgres') return dataSource;
  const driver = dataSource.driver;
  // Create/update/delete-date columns take their type from here; plain `type: Date` columns from normalizeType.
  Object.assign(driver.mappedDataTypes, { createDate: ZONED, updateDate: ZONED, deleteDate: ZONED });
  const normalizeType = driver.normalizeType.bind(driver);
  driver.normalizeType = (column) => normalizeType(column.type === Date ? { ...column, type: ZONED } : column);
  return dataSource;
}

/** A DataSource for these entities, not yet initialized; use it (or the Nest factory) rather than `new DataSource`. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return useZoneAwareTimestamps(new DataSource(options));
}
