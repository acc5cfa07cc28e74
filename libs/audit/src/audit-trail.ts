import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEntryEntity, findRow, insertRows } from '@ledgerbridge/persistence';
import { DataSource, EntityManager, QueryFailedError, Repository } from 'typeorm';
import { GENESIS_HASH, entryHash } from './audit-hash';
import { canonicalJson } from './canonical-json';
import { redactSecrets } from './audit-redaction';
import { GROUP_TIME_MS, GroupCommit, runInSavepoint, type Settled } from './group-commit';

export const SYSTEM_CHAIN = 'system';

export interface AuditEvent {
  companyId: string | null;
  /** "key:<api key id>" or "system". */
  actor: string;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditQuery {
  companyId: string;
  action?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

type Head = Pick<AuditEntryEntity, 'seq' | 'hash'>;

const MAX_ATTEMPTS = 8;
const SQLITE_BUSY_TIMEOUT_MS = 5000;
/**
 * SQLite: how long a group waits for the write lock another process holds before it gives up. better-sqlite3 would
 * wait synchronously (the busy handler sleeps in the driver and freezes every other request and call of the
 * process), so the lock is tried without waiting and tried again after a short timer, the process free meanwhile.
 */
const SQLITE_LOCK_DEADLINE_MS = 15_000;
/** Between two tries of the lock: short, so the lock changes hands between two processes' back-to-back groups. */
const SQLITE_LOCK_POLL_MS = 2;

/** The part of better-sqlite3's connection the lock statement needs. */
interface SqliteConnection {
  pragma(source: string): unknown;
  prepare(source: string): { run(): unknown };
}

const LOCK_STATEMENT = 'UPDATE audit_entries SET seq = seq WHERE 0';
/** The lock statement, prepared once per driver connection. */
const lockStatements = new WeakMap<SqliteConnection, { run(): unknown }>();

/**
 * Takes SQLite's write lock at the start of a transaction without waiting: busy → SQLITE_BUSY at once. Run straight
 * on the driver's connection, in one synchronous step, so no other statement of the process (they share the one
 * connection) runs while the connection does not wait for locks.
 */
function takeSqliteWriteLock(tx: EntityManager): void {
  const db = (tx.connection.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
  let lock = lockStatements.get(db);
  if (!lock) lockStatements.set(db, (lock = db.prepare(LOCK_STATEMENT)));
  db.pragma('busy_timeout = 0');
  try {
    lock.run();
  } catch (err) {
    throw new QueryFailedError(LOCK_STATEMENT, [], err as Error);
  } finally {
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  }
}
const SQLITE_LANE = 'sqlite-connection';

/** Another writer won the chain's next seq, or SQLite could not take its write lock: worth one more try. */
function isContention(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = err.driverError as { table?: string; code?: string } | undefined;
  // PostgreSQL: only a unique violation (23505) on the chain's seq; a foreign-key refusal is no contention.
  if (driverError?.table === 'audit_entries') return driverError.code === '23505';
  return /UNIQUE constraint failed: audit_entries\./i.test(err.message) || isSqliteBusy(err);
}

/** SQLite could not take its write lock (another process holds it). */
function isSqliteBusy(err: unknown): boolean {
  return err instanceof QueryFailedError && /SQLITE_BUSY|database is locked/i.test(err.message);
}

/** Appends to the audit trail; never updates or deletes. */
@Injectable()
export class AuditTrail {
  /** The heads of the chains a group transaction appended to, while it runs (see headOf). */
  private readonly heads = new WeakMap<EntityManager, Map<string, Head>>();
  private readonly groups = new GroupCommit((lane, works) => this.runGroup(lane, works));

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one database transaction for a company's chain: the change and the entries it records with
   * `record(event, tx)` are stored together or not at all. Works submitted while their lane is busy share the next
   * transaction and its one commit (group commit, `GroupCommit`), each in its own savepoint: a work that throws fails
   * only its caller. When another process took the chain's next entry first (or SQLite was busy), the group runs
   * again, so `work` may run more than once and must do nothing outside the database it cannot repeat.
   */
  async transaction<T>(companyId: string | null, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    // SQLite gives a process one connection, so transactions of different chains would nest in each other: one lane.
    const lane = this.dataSource.options.type === 'postgres' ? (companyId ?? SYSTEM_CHAIN) : SQLITE_LANE;
    return this.groups.submit(lane, work);
  }

  /** One group of works in one database transaction, tried again as a whole on contention. */
  private async runGroup(
    lane: string,
    works: ReadonlyArray<(tx: EntityManager) => Promise<unknown>>,
  ): Promise<Settled[]> {
    const deadline = Date.now() + SQLITE_LOCK_DEADLINE_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(async (tx) => {
          // SQLite: take the write lock first. A transaction that reads and then writes while another process
          // committed in between fails at once with SQLITE_BUSY_SNAPSHOT (no busy wait); holding the lock from the
          // start makes the other processes' groups wait for it instead. PostgreSQL: the chain's advisory lock, so
          // another process's writers to this chain wait for the commit instead of losing the next seq to it.
          if (lane === SQLITE_LANE) takeSqliteWriteLock(tx);
          else await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`audit:${lane}`]);
          const heads = new Map<string, Head>();
          this.heads.set(tx, heads);
          const settled: Settled[] = [];
          const began = Date.now();
          for (const work of works) {
            // A work alone needs no savepoint: its throw rolls the whole transaction back and fails only its caller
            // (on PostgreSQL, with a lane per company, most groups are one work: two round trips fewer each).
            const one: Settled =
              works.length === 1 ? { ok: true, value: await work(tx) } : await runInSavepoint(tx, work, isContention);
            // A work rolled back to its savepoint took its entries with it: read the heads again.
            if (!one.ok) heads.clear();
            settled.push(one);
            // Long enough: commit these; the rest run in the lane's next group (GroupCommit).
            if (Date.now() - began >= GROUP_TIME_MS) break;
          }
          return settled;
        });
      } catch (err) {
        if (!isContention(err)) throw err;
        if (lane === SQLITE_LANE && isSqliteBusy(err)) {
          // Another process holds the write lock: try again shortly, until the deadline.
          if (Date.now() >= deadline) throw err;
          await new Promise((r) => setTimeout(r, SQLITE_LOCK_POLL_MS * Math.random()));
          continue;
        }
        if (attempt >= MAX_ATTEMPTS) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 20 * attempt)));
      }
    }
  }

  /** Appends one entry; inside `transaction`, pass its `tx` so the entry commits with the change it records. */
  async record(event: AuditEvent, tx?: EntityManager): Promise<AuditEntryEntity> {
    if (tx) return this.append(event, tx);
    return this.transaction(event.companyId, (own) => this.append(event, own));
  }

  /**
   * Appends several entries of one company's chain in order, inside the caller's `transaction` (a batch's changes):
   * the chain's head is read once, and the entries are inserted a hundred at a time.
   */
  async recordMany(events: readonly AuditEvent[], tx: EntityManager): Promise<AuditEntryEntity[]> {
    if (events.length === 0) return [];
    const chain = events[0]!.companyId ?? SYSTEM_CHAIN;
    if (events.some((e) => (e.companyId ?? SYSTEM_CHAIN) !== chain)) {
      throw new Error('recordMany appends to one chain: every event needs the same company.');
    }
    const repo = tx.getRepository(AuditEntryEntity);
    let head = await this.headOf(tx, chain);
    const entries = events.map((event) => {
      const entry = this.entryAfter(head, chain, event, repo);
      head = entry;
      return entry;
    });
    for (let i = 0; i < entries.length; i += 100) await insertRows(tx, AuditEntryEntity, entries.slice(i, i + 100));
    this.heads.get(tx)?.set(chain, entries[entries.length - 1]!);
    return entries;
  }

  private async append(event: AuditEvent, manager: EntityManager): Promise<AuditEntryEntity> {
    const repo = manager.getRepository(AuditEntryEntity);
    const chain = event.companyId ?? SYSTEM_CHAIN;
    const entry = this.entryAfter(await this.headOf(manager, chain), chain, event, repo);
    await insertRows(manager, AuditEntryEntity, [entry]);
    this.heads.get(manager)?.set(chain, entry);
    return entry;
  }

  /**
   * The chain's last entry: read once per group transaction, then kept as the group appends (several works of one
   * group append to one chain). The unique (chain, seq) stays the arbiter: a stale head fails the insert, the group
   * runs again.
   */
  private async headOf(tx: EntityManager, chain: string): Promise<Head | null> {
    const kept = this.heads.get(tx)?.get(chain);
    if (kept) return kept;
    return findRow(tx, AuditEntryEntity, { chain }, { seq: 'DESC' });
  }

  private entryAfter(
    head: Head | null,
    chain: string,
    event: AuditEvent,
    repo: Repository<AuditEntryEntity>,
  ): AuditEntryEntity {
    const entry = repo.create({
      id: randomUUID(),
      chain,
      seq: (head?.seq ?? 0) + 1,
      companyId: event.companyId,
      actor: event.actor,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId ?? null,
      before: event.before === undefined ? null : canonicalJson(redactSecrets(event.before)),
      after: event.after === undefined ? null : canonicalJson(redactSecrets(event.after)),
      // Whole milliseconds: what every database stores exactly, so the hash survives the round trip.
      createdAt: new Date(Math.floor(Date.now())),
      prevHash: head?.hash ?? GENESIS_HASH,
    });
    entry.hash = entryHash(entry);
    return entry;
  }

  async list(query: AuditQuery): Promise<{ items: AuditEntryEntity[]; total: number }> {
    const qb = this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('e')
      .where('e.company_id = :companyId', { companyId: query.companyId });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.from) qb.andWhere('e.created_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('e.created_at < :to', { to: query.to });
    const [items, total] = await qb
      .orderBy('e.seq', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total };
  }
}
