import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** A property's new value, or a SQL expression over the row's columns (e.g. `() => 'attempts + 1'`). */
export type SetOf<T> = { readonly [K in keyof T]?: T[K] | (() => string) };

/** The statement's text, with TypeORM's `:name` parameters still in it, and the columns its values go to. */
interface Shape {
  readonly sql: string;
  readonly columns: ReadonlyMap<string, ColumnMetadata>;
  /** The update-date column the statement stamps (`:stamp_updated`), when the set does not name it. */
  readonly stamped: ColumnMetadata | undefined;
}

/** Statement shapes by driver, table, set properties and condition. */
const shapes = new Map<string, Shape>();

/**
 * `UPDATE … SET … WHERE <condition>` answering the rows it changed, without TypeORM's query builder: for the
 * guarded updates a worker makes for every export (the claim, the lease mark before a provider call, the finish).
 * The builder re-renders its SQL and rewrites every property name in it on each call; here the text is built once
 * per shape and only its parameters are bound, by the driver's own `escapeQueryWithParameters` (TypeORM's `:name`
 * and `:...list` spellings, its conversions of dates and booleans; SQLite's writes numbers into the text, as the
 * builder did, so keep numbers in a condition to few values). The condition is SQL over column names. Set
 * values pass through the driver's `preparePersistentValue`, and an update-date column is stamped with this
 * process's clock to the millisecond unless it is set here (the builder's `CURRENT_TIMESTAMP` is whole seconds on
 * SQLite, which left an export's `updatedAt`, and the waits the benchmark reads from it, up to a second early).
 */
export async function updateWhere<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  set: SetOf<T>,
  condition: string,
  parameters: ObjectLiteral,
): Promise<number> {
  const connection = manager.connection;
  const driver = connection.driver;
  const metadata = connection.getMetadata(entity);
  const properties = Object.keys(set).filter((p) => set[p] !== undefined);
  const key = `${driver.options.type}:${metadata.tablePath}:${properties.map((p) => (typeof set[p] === 'function' ? `${p}()` : p)).join(',')}:${condition}`;
  const values: ObjectLiteral = { ...parameters };
  let shape = shapes.get(key);
  if (!shape) {
    const columns = new Map<string, ColumnMetadata>();
    const assignments = properties.map((property) => {
      const column = metadata.findColumnWithPropertyPath(property);
      if (!column) throw new TypeError(`updateWhere: ${metadata.tableName} has no column for ${property}.`);
      columns.set(property, column);
      const value: unknown = set[property];
      const expression = typeof value === 'function' ? (value as () => string)() : `:set_${property}`;
      return `${driver.escape(column.databaseName)} = ${expression}`;
    });
    const updated = metadata.updateDateColumn;
    const stamped = updated && !properties.includes(updated.propertyName) ? updated : undefined;
    if (stamped) assignments.push(`${driver.escape(stamped.databaseName)} = :stamp_updated`);
    const sql = `UPDATE ${driver.escape(metadata.tablePath)} SET ${assignments.join(', ')} WHERE ${condition}`;
    shapes.set(key, (shape = { sql, columns, stamped }));
  }
  for (const [property, column] of shape.columns) {
    const value = set[property];
    if (typeof value !== 'function') values[`set_${property}`] = driver.preparePersistentValue(value, column);
  }
  if (shape.stamped) values['stamp_updated'] = driver.preparePersistentValue(new Date(), shape.stamped);
  const [text, bound] = driver.escapeQueryWithParameters(shape.sql, values, {});
  const runner = manager.queryRunner ?? connection.createQueryRunner();
  try {
    const result = await runner.query(text, bound, true);
    return result.affected ?? 0;
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

/**
 * A guarded update's condition: the row found by its key alone, the guards checked on it. PostgreSQL plans from
 * statistics, and those of a quiet day (every export settled) make `state = 'queued'` or `company_id = …` look
 * like one row: each claim then read the company's whole queue through an index on state (30 million index
 * entries through (c) of the exports benchmark). Inside CASE the guards are no index condition, so the key is the
 * only way in, on either database; `CASE WHEN g THEN 1 ELSE 0 END = 1` holds exactly where `g` is true.
 */
export function guardedById(key: string, guards: string): string {
  return `${key} AND CASE WHEN ${guards} THEN 1 ELSE 0 END = 1`;
}
