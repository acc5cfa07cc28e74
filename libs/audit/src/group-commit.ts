import type { EntityManager } from 'typeorm';
import { KeyedLock } from './keyed-lock';

/** One caller's share of a combined transaction: its work, and how its promise is settled after the commit. */
interface Pending {
  readonly work: (tx: EntityManager) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/** How one work ended inside the combined transaction; its caller hears of it only once the whole group committed. */
export type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Runs a group of works in one database transaction and answers one Settled per work, in order. It runs each in a
 * savepoint (see `runInSavepoint`), retries the whole group on contention, and throws only when the group as a whole
 * failed (the commit, or contention past its retries). It may answer for fewer works than it was given (a group
 * that has run for `GROUP_TIME_MS` commits what it did): those after the last answered did not run, and they go
 * first in the lane's next group.
 */
export type GroupRunner = (
  lane: string,
  works: ReadonlyArray<(tx: EntityManager) => Promise<unknown>>,
) => Promise<Settled[]>;

/** At most this many works share one commit, so one transaction stays short. */
export const MAX_GROUP = 200;

/**
 * A group commits once its works have run this long, the rest waiting for the next group: the works that came
 * first are not held back by many that came after (a journal batch's claim of 500 exports waited ~190 ms for sixty
 * small claims queued behind it, and so did its provider call).
 */
export const GROUP_TIME_MS = 100;

/**
 * Group commit: transactions submitted to one lane in one event-loop turn, or while the lane is busy, wait together
 * and then share one database transaction and one commit (on SQLite one fsync instead of one each). Lanes run their
 * groups one after another, as single transactions did before; a work still sees only its own effects and those of
 * the works before it.
 */
export class GroupCommit {
  private readonly lock = new KeyedLock();
  /** A lane is here exactly while a drain is scheduled that will take its queue. */
  private readonly queues = new Map<string, Pending[]>();

  constructor(private readonly runGroup: GroupRunner) {}

  submit<T>(lane: string, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const queued = this.queues.get(lane);
      const pending: Pending = { work, resolve: resolve as (value: unknown) => void, reject };
      if (queued) {
        queued.push(pending);
        return;
      }
      const queue = [pending];
      this.queues.set(lane, queue);
      // An idle lane starts its group once this event-loop turn is over, not at once: the works that the turn's other
      // callbacks submit (answers from the provider or Redis read in the same poll) join it and share its commit.
      // Bench (d), one worker on SQLite (2,000 ledger items, then 1,000 expenses): 1,160 commits → 214, and an
      // expense's worker CPU 1.9–2.2 → 1.5 ms.
      setImmediate(() => void this.lock.run(lane, () => this.drain(lane, queue)));
    });
  }

  private async drain(lane: string, queue: Pending[]): Promise<void> {
    const group = queue.splice(0, MAX_GROUP);
    // What is left (or comes later) is taken by the next drain, queued behind this one.
    if (queue.length === 0) this.queues.delete(lane);
    else void this.lock.run(lane, () => this.drain(lane, queue));
    let settled: Settled[];
    try {
      settled = await this.runGroup(
        lane,
        group.map((p) => p.work),
      );
    } catch (err) {
      for (const p of group) p.reject(err);
      return;
    }
    // Works the runner did not reach go first in the next drain (one already scheduled, or one of their own).
    const unrun = group.slice(Math.max(1, settled.length));
    if (unrun.length > 0) {
      const next = this.queues.get(lane);
      if (next) next.unshift(...unrun);
      else {
        this.queues.set(lane, unrun);
        void this.lock.run(lane, () => this.drain(lane, unrun));
      }
    }
    for (const [i, p] of group.slice(0, group.length - unrun.length).entries()) {
      const s = settled[i];
      if (s?.ok) p.resolve(s.value);
      else p.reject(s ? s.error : new Error('The group commit answered for none of its works.'));
    }
  }
}

/**
 * One name for every savepoint: a group's works run one after another, never nested, so each savepoint is released
 * before the next is set. A name of its own per work would make every SAVEPOINT a new statement, pushing the
 * prepared statements that matter out of the driver's statement cache.
 */
const SAVEPOINT = 'lb_work';

/**
 * Runs one work of a group in its own savepoint: a work that throws leaves nothing behind and fails only its own
 * caller. Contention (`isContention`) is rethrown, so the whole group is tried again.
 */
export async function runInSavepoint(
  tx: EntityManager,
  work: (tx: EntityManager) => Promise<unknown>,
  isContention: (err: unknown) => boolean,
): Promise<Settled> {
  await tx.query(`SAVEPOINT ${SAVEPOINT}`);
  try {
    const value = await work(tx);
    await tx.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
    return { ok: true, value };
  } catch (error) {
    if (isContention(error)) throw error;
    await tx.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
    await tx.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
    return { ok: false, error };
  }
}
