import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Statement texts by table and row count (placeholders only, so one text serves every insert of that shape). */
const statements = new Map<string, string>();

/**
 * Inserts whole entity rows, every column set by the caller, with one statement text per table and row count.
 * TypeORM's SQLite driver writes every number into the SQL text itself, so an entity with a counter (the audit
 * trail's `seq`) made each `insert` a statement never seen before: prepared again each time and never found in the
 * statement cache. Here values stay parameters; each goes through the driver's own conversion
 * (`preparePersistentValue`, e.g. a Date to SQLite's UTC text), as TypeORM's insert would.
 */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly T[],
): Promise<void> {
  if (rows.length === 0) return;
  const driver = manager.connection.driver;
  const metadata = manager.connection.getMetadata(entity);
  const columns = metadata.columns;
  const values: unknown[] = [];
  for (const row of rows) {
    for (const column of columns) {
      const value = column.getEntityValue(row);
      // A missing value would take the column's default in TypeORM's insert; this one inserts only what it is given.
      if (value === undefined) {
        throw new TypeError(`insertRows: ${metadata.tableName}.${column.databaseName} has no value.`);
      }
      values.push(driver.preparePersistentValue(value, column));
    }
  }
  const key = `${driver.options.type}:${metadata.tablePath}:${rows.length}`;
  let sql = statements.get(key);
  if (!sql) {
    let n = 0;
    const row = () => `(${columns.map(() => driver.createParameter('', n++)).join(', ')})`;
    const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
    sql = `INSERT INTO ${driver.escape(metadata.tablePath)} (${names}) VALUES ${rows.map(row).join(', ')}`;
    statements.set(key, sql);
  }
  await manager.query(sql, values);
}
