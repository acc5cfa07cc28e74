import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConnectorError, type CallBudget } from '@ledgerbridge/connector-sdk';
import type { PacingStore } from './pacing-store';
import { PutBack } from './put-back';

/** A provider's allowance for one organization: at most `requests` in ANY span of `perMs`. */
export interface CallAllowance {
  readonly requests: number;
  readonly perMs: number;
}

/** How the budget keeps an allowance; see docs/adr/0006-sliding-call-budget.md. */
export interface PacingPlan {
  /** At most `requests` granted in any span of `windowMs` (the allowance's window plus a margin). */
  readonly windowMs: number;
  readonly requests: number;
  /** How long reserved calls stay usable after they were granted; later ones are taken afresh. */
  readonly holdMs: number;
}

export const PACING_STORE = Symbol('PACING_STORE');

// The margin covers a reserved call sent up to holdMs (= the margin) after its grant.
const MARGIN_SHARE = 20;
const LONGEST_MARGIN_MS = 2_000;

/**
 * A sliding log grants `requests` per `perMs + margin`: the margin (a twentieth of the window, at most 2 s) lets a
 * reserved call leave up to `holdMs` after its grant and still fall within one window; it costs ≤ 5 % of the share.
 */
export function pacingPlan(allowance: CallAllowance): PacingPlan {
  const { requests, perMs } = allowance;
  if (!Number.isSafeInteger(requests) || requests < 1 || !Number.isSafeInteger(perMs) || perMs < 1000) {
    throw new TypeError(`A call allowance needs whole requests ≥ 1 per ≥ 1000 ms, got ${requests} per ${perMs} ms.`);
  }
  const margin = Math.min(LONGEST_MARGIN_MS, Math.floor(perMs / MARGIN_SHARE));
  return { requests, windowMs: perMs + margin, holdMs: margin };
}

/**
 * Calls granted together to one job, spent one per request. One not sent within `holdMs` of its grant is renewed:
 * its stamp is replaced by a fresh one (see the ADR), so a slow provider costs no budget twice.
 */
export class Reservation {
  private left: number;

  constructor(
    readonly scope: string,
    readonly calls: number,
    private readonly usableUntil: number,
    private readonly id = '',
  ) {
    this.left = calls;
  }

  get remaining(): number {
    return this.left;
  }

  /** Spends one reserved call; false when none is left or they are too old to keep the bound. */
  spend(now: number = Date.now()): boolean {
    if (this.left < 1 || now > this.usableUntil) return false;
    this.left -= 1;
    return true;
  }

  /** Takes one unspent call that is too old to send as granted; answers its name in the log, to renew. */
  takeStale(now: number = Date.now()): string | undefined {
    if (this.left < 1 || now <= this.usableUntil || this.id === '') return undefined;
    const call = `${this.id}:${this.calls - this.left + 1}`;
    this.left -= 1;
    return call;
  }
}

export type ReserveAnswer =
  | { readonly granted: true; readonly reservation: Reservation }
  | { readonly granted: false; readonly retryAfterMs: number; readonly reason: string };

/** A refusal by our own budget (nothing was sent), told apart from a provider's 429; the worker puts the job back. */
export class BudgetSpentError extends ConnectorError {
  constructor(message: string, retryAfterMs: number) {
    super('rate_limited', message, { retryAfterMs, outcomeUnknown: false });
  }
}

/**
 * The per-organization call budget, in Redis so every API and worker process spends from the same one. Nothing
 * here waits: a spent budget answers how long until the calls fit, and the queue brings the job back then.
 */
@Injectable()
export class PacingBudget {
  constructor(@Inject(PACING_STORE) private readonly store: PacingStore) {}

  /**
   * Grants `calls` requests of `scope` at once, or none and how long until all of them fit. With a `turn` key (the
   * job's own, stable across its put-backs), a refusal books a turn behind the calls already waiting — for a job
   * that is put back, not for a caller that gives up; a job back at its booked turn keeps its place.
   */
  async reserve(scope: string, allowance: CallAllowance, calls: number, turn?: string): Promise<ReserveAnswer> {
    const plan = pacingPlan(allowance);
    if (!Number.isSafeInteger(calls) || calls < 1 || calls > plan.requests) {
      throw new TypeError(`A reservation needs 1 to ${plan.requests} calls, got ${calls}.`);
    }
    // Measured before asking: the store's stamp is later, so a call sent within holdMs of this is within the margin.
    const askedAt = Date.now();
    let answer;
    try {
      answer = await this.store.reserve(scope, calls, plan.requests, plan.windowMs, turn);
    } catch {
      throw unavailable(scope);
    }
    if (answer.granted)
      return { granted: true, reservation: new Reservation(scope, calls, askedAt + plan.holdMs, answer.id) };
    return refusal(scope, allowance, calls, answer);
  }

  /** Replaces a reserved call that went stale unsent with a fresh grant, or throws BudgetSpentError. */
  private async renew(scope: string, allowance: CallAllowance, call: string): Promise<void> {
    const plan = pacingPlan(allowance);
    let answer;
    try {
      answer = await this.store.renew(scope, call, plan.requests, plan.windowMs);
    } catch {
      throw unavailable(scope);
    }
    if (answer.granted) return;
    const refused = refusal(scope, allowance, 1, answer);
    throw new BudgetSpentError(refused.reason, refused.retryAfterMs);
  }

  /**
   * `reserve` for a job handler: the reservation, or a PutBack the worker turns into "come back at your turn".
   * `turnKey` names the job (e.g. its export id) so that, back at its turn and refused again, it is not sent behind.
   */
  async reserveOrPutBack(
    scope: string,
    allowance: CallAllowance,
    calls: number,
    turnKey: string = randomUUID(),
  ): Promise<Reservation> {
    const answer = await this.reserve(scope, allowance, calls, turnKey);
    if (answer.granted) return answer.reservation;
    throw new PutBack(Date.now() + answer.retryAfterMs, answer.reason);
  }

  /** Spends one request of `scope`, or throws BudgetSpentError (rate_limited) without spending one. */
  async take(scope: string, allowance: CallAllowance): Promise<void> {
    const answer = await this.reserve(scope, allowance, 1);
    if (!answer.granted) throw new BudgetSpentError(answer.reason, answer.retryAfterMs);
  }

  /** Stops every process from calling for `scope` for `ms`. */
  async pause(scope: string, ms: number): Promise<void> {
    try {
      await this.store.pause(scope, ms);
    } catch {
      throw unavailable(scope);
    }
  }

  /**
   * The SDK's hook for one connection. Requests spend `reservation` first (planned calls are not paid twice) and
   * take afresh beyond it; a provider's 429 without Retry-After pauses for a whole window.
   */
  budgetFor(scope: string, allowance: CallAllowance, reservation?: Reservation): CallBudget {
    if (reservation !== undefined && reservation.scope !== scope) {
      throw new TypeError(`A reservation of ${reservation.scope} cannot pay for ${scope}.`);
    }
    return {
      take: async () => {
        if (reservation?.spend()) return;
        const stale = reservation?.takeStale();
        if (stale !== undefined) return this.renew(scope, allowance, stale);
        await this.take(scope, allowance);
      },
      providerRefused: (retryAfterMs) => this.pause(scope, retryAfterMs ?? allowance.perMs),
    };
  }
}

// Redis being away must not let requests through unpaced, nor look like the provider's fault.
function unavailable(scope: string): ConnectorError {
  return new ConnectorError(
    'unavailable',
    `The call budget of ${scope} could not be read from Redis; nothing was sent.`,
    {
      outcomeUnknown: false,
    },
  );
}

function refusal(
  scope: string,
  allowance: CallAllowance,
  calls: number,
  answer: { waitMs: number; paused: boolean },
): { granted: false; retryAfterMs: number; reason: string } {
  const retryAfterMs = Math.max(1, Math.ceil(answer.waitMs));
  const why = answer.paused
    ? 'is paused after the provider refused a request for its rate limit'
    : `has spent its ${allowance.requests} requests per ${allowance.perMs / 1000} s`;
  const what = calls === 1 ? 'a request is' : `${calls} requests are`;
  return {
    granted: false,
    retryAfterMs,
    reason: `The call budget of ${scope} ${why}; ${what} free in ${retryAfterMs} ms.`,
  };
}
