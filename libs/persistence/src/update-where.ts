import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** A property's new value, or a SQL expression over the row's columns (e.g. `() => 'attempts + 1'`). */
export type SetOf<T> = { readonly [K in keyof T]?: T[K] | (() => string) };

/** Statement texts by table, set properties and condition, with TypeORM's `:name` parameters still in them. */
const statements = new Map<string, string>();

/**
 * `UPDATE … SET … WHERE <condition>` answering the rows it changed, without TypeORM's query builder: for the
 * guarded updates a worker makes for every export (the claim, the lease mark before a provider call, the finish).
 * The builder re-renders its SQL and rewrites every property name in it on each call; here the text is built once
 * per shape and only its parameters are bound, by the driver's own `escapeQueryWithParameters` (TypeORM's `:name`
 * and `:...list` spellings, its conversions of dates and booleans). The condition is SQL over column names. Set
 * values pass through the driver's `preparePersistentValue`, and an update-date column is stamped as the builder
 * does (`CURRENT_TIMESTAMP`) unless it is set here.
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
  const key = `${metadata.tablePath}:${properties.map((p) => (typeof set[p] === 'function' ? `${p}()` : p)).join(',')}:${condition}`;
  const values: ObjectLiteral = { ...parameters };
  let sql = statements.get(key);
  if (!sql) {
    const assignments = properties.map((property) => {
      const column = metadata.findColumnWithPropertyPath(property);
      if (!column) throw new TypeError(`updateWhere: ${metadata.tableName} has no column for ${property}.`);
      const value: unknown = set[property];
      const expression = typeof value === 'function' ? (value as () => string)() : `:set_${property}`;
      return `${driver.escape(column.databaseName)} = ${expression}`;
    });
    const stamped = metadata.updateDateColumn;
    if (stamped && !properties.includes(stamped.propertyName))
      assignments.push(`${driver.escape(stamped.databaseName)} = CURRENT_TIMESTAMP`);
    sql = `UPDATE ${driver.escape(metadata.tablePath)} SET ${assignments.join(', ')} WHERE ${condition}`;
    statements.set(key, sql);
  }
  for (const property of properties) {
    const value = set[property];
    if (typeof value === 'function') continue;
    const column = metadata.findColumnWithPropertyPath(property);
    values[`set_${property}`] = column ? driver.preparePersistentValue(value, column) : value;
  }
  const [text, bound] = driver.escapeQueryWithParameters(sql, values, {});
  const runner = manager.queryRunner ?? connection.createQueryRunner();
  try {
    const result = await runner.query(text, bound, true);
    return result.affected ?? 0;
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}
