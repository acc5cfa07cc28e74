import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

type Where<T> = { readonly [K in keyof T]?: string | number | boolean };
type Order<T> = { readonly [K in keyof T]?: 'ASC' | 'DESC' };

interface Shape {
  readonly sql: string;
  readonly whereColumns: readonly ColumnMetadata[];
}

/** Statement texts by table, where-columns and order: built once, then found in the driver's statement cache. */
const shapes = new Map<string, Shape>();

/**
 * One row by equality on some columns (and an order, for "the latest"), read without TypeORM's query builder: for
 * the reads a worker makes for every export (the export, its transaction, the connection, the receipt, the audit
 * chain's head). The builder re-renders its SQL and rewrites every property name in it on each call, which cost a
 * worker more CPU than the statements themselves. Values and the answered row pass through the driver's own
 * conversions (`preparePersistentValue`, `prepareHydratedValue`), so the entity equals what `findOne` answers
 * without relations. Null is not a where value here (it needs `IS NULL`): use `findOne` for that.
 */
export async function findRow<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: Where<T>,
  order?: Order<T>,
): Promise<T | null> {
  const connection = manager.connection;
  const metadata = connection.getMetadata(entity);
  const driver = connection.driver;
  const keys = Object.keys(where);
  const orderKeys = Object.keys(order ?? {});
  const key = `${driver.options.type}:${metadata.tablePath}:${keys.join(',')}:${orderKeys.map((k) => `${k} ${order?.[k]}`).join(',')}`;
  let shape = shapes.get(key);
  if (!shape) {
    const column = (property: string) => {
      const found = metadata.findColumnWithPropertyPath(property);
      if (!found) throw new TypeError(`findRow: ${metadata.tableName} has no column for ${property}.`);
      return found;
    };
    const whereColumns = keys.map(column);
    const select = metadata.columns.map((c) => driver.escape(c.databaseName)).join(', ');
    const conditions = whereColumns.map(
      (c, i) => `${driver.escape(c.databaseName)} = ${driver.createParameter('', i)}`,
    );
    const orderBy = orderKeys.map(
      (k) => `${driver.escape(column(k).databaseName)} ${order?.[k] === 'DESC' ? 'DESC' : 'ASC'}`,
    );
    const sql =
      `SELECT ${select} FROM ${driver.escape(metadata.tablePath)} WHERE ${conditions.join(' AND ')}` +
      (orderBy.length > 0 ? ` ORDER BY ${orderBy.join(', ')}` : '') +
      ' LIMIT 1';
    shapes.set(key, (shape = { sql, whereColumns }));
  }
  const values = shape.whereColumns.map((c, i) => {
    const value = where[keys[i] as keyof T];
    if (value === undefined || value === null) throw new TypeError(`findRow: ${c.propertyName} needs a value.`);
    return driver.preparePersistentValue(value, c);
  });
  const rows: Record<string, unknown>[] = await manager.query(shape.sql, values);
  const raw = rows[0];
  if (!raw) return null;
  const row = metadata.create() as T;
  for (const c of metadata.columns) c.setEntityValue(row, driver.prepareHydratedValue(raw[c.databaseName], c));
  return row;
}
