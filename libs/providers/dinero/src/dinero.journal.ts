import {
  ConnectorError,
  isConnectorError,
  type CallOptions,
  type JournalEntry,
  type JournalEntryResult,
  type ProviderConnection,
} from '@ledgerbridge/connector-sdk';
import { DineroClient, type DineroRefusal } from './client/dinero-client';
import { parseDineroErrorBody, pascalCaseField } from './client/dinero-errors';
import { LEDGER_ITEMS_PER_REQUEST, ledgerItemBody } from './payloads/ledger-items.payload';
import type { DineroLedgerItem } from './payloads/dinero-wire.types';
import {
  createdLedgerItemsFrom,
  guidsIn,
  itemIndexOfField,
  ledgerStatusesFrom,
  type LedgerItemState,
} from './payloads/write-answers.payload';

/** Answers to the create that carry per-item facts; the rest are thrown as the whole call's failure. */
const KEPT_REFUSALS: ReadonlySet<number> = new Set([400, 409]);

interface Sent {
  readonly index: number;
  readonly entry: JournalEntry;
  readonly item: DineroLedgerItem;
}

type Outcome =
  | { readonly kind: 'created'; readonly state?: LedgerItemState }
  | { readonly kind: 'duplicate'; readonly state: LedgerItemState }
  | { readonly kind: 'failed'; readonly error: ConnectorError };

/** A batch-mate refused by Dinero: this item was checked absent, so sending it again is safe. */
function notCreated(entry: JournalEntry, why: string): ConnectorError {
  return new ConnectorError(
    'unavailable',
    `Dinero did not create ledger item ${entry.id} because ${why}; it is not in Dinero, send it again.`,
    { outcomeUnknown: false },
  );
}

/**
 * Kassekladde ledger items: create (`POST /v1.2/{org}/ledgeritems`), then book (`POST /v1/{org}/ledgeritems/book`)
 * in the same call. Booking lives here because only the create answer says which items are new, and a failed
 * book leaves them `draft`: posting the same entries again answers 409, reads their state and books the drafts.
 */
export class DineroJournal {
  constructor(private readonly client: DineroClient) {}

  async post(
    connection: ProviderConnection,
    entries: readonly JournalEntry[],
    options?: CallOptions,
  ): Promise<JournalEntryResult[]> {
    if (entries.length > LEDGER_ITEMS_PER_REQUEST) {
      throw new ConnectorError(
        'validation',
        `Dinero takes at most ${LEDGER_ITEMS_PER_REQUEST} ledger items per request, got ${entries.length}.`,
      );
    }
    const outcomes = new Map<number, Outcome>();
    const sent: Sent[] = [];
    entries.forEach((entry, index) => {
      try {
        sent.push({ index, entry, item: ledgerItemBody(entry, index) });
      } catch (error) {
        if (!isConnectorError(error)) throw error;
        outcomes.set(index, { kind: 'failed', error });
      }
    });
    if (sent.length > 0) await this.create(connection, sent, outcomes, options);
    const booked = await this.book(connection, sent, outcomes, options);
    return entries.map((entry, index): JournalEntryResult => {
      const outcome = outcomes.get(index);
      if (outcome === undefined || outcome.kind === 'failed') {
        return { kind: 'failed', entryId: entry.id, error: outcome?.error ?? notCreated(entry, 'of no answer') };
      }
      if (outcome.kind === 'duplicate') return { kind: 'duplicate', entryId: entry.id, providerId: entry.id };
      const status = booked.has(index) ? 'pending' : (outcome.state?.status ?? 'draft');
      const version = outcome.state?.version;
      return {
        kind: 'ok',
        entryId: entry.id,
        providerId: entry.id,
        providerStatus: status,
        ...(version !== undefined && { providerVersion: version }),
      };
    });
  }

  /** `POST /v1/{org}/ledgeritems/status` for `ids`, in chunks Dinero takes; keyed by lower-case `Id`. */
  async statuses(
    connection: ProviderConnection,
    ids: readonly string[],
    options?: CallOptions,
  ): Promise<Map<string, LedgerItemState>> {
    const action = `reading the state of ledger items of organization ${connection.organizationId}`;
    const found = new Map<string, LedgerItemState>();
    for (let start = 0; start < ids.length; start += LEDGER_ITEMS_PER_REQUEST) {
      const answer = await this.client.readPost(connection, {
        path: DineroClient.organizationPath('v1', connection, 'ledgeritems/status'),
        body: ids.slice(start, start + LEDGER_ITEMS_PER_REQUEST).map((id) => ({ Id: id })),
        action,
        ...(options !== undefined && { options }),
      });
      for (const [id, state] of ledgerStatusesFrom(answer, action)) found.set(id, state);
    }
    return found;
  }

  private async create(
    connection: ProviderConnection,
    sent: readonly Sent[],
    outcomes: Map<number, Outcome>,
    options?: CallOptions,
  ): Promise<void> {
    const answer = await this.client.writeKeeping(
      connection,
      {
        path: DineroClient.organizationPath('v1.2', connection, 'ledgeritems'),
        body: sent.map(({ item }) => item),
        action: `creating ${sent.length} ledger items in organization ${connection.organizationId}`,
        ...(options !== undefined && { options }),
      },
      KEPT_REFUSALS,
    );
    if (!answer.refused) {
      // A 2xx took the whole array; the answer (one object, an array or nothing) only adds versions.
      const created = createdLedgerItemsFrom(answer.body);
      for (const { index, item } of sent) {
        const state = created.get(item.Id.toLowerCase());
        outcomes.set(index, { kind: 'created', ...(state !== undefined && { state }) });
      }
      return;
    }
    await this.settleRefusal(connection, sent, outcomes, answer, options);
  }

  /**
   * A 409 (an `Id` already there) or a 400 naming items: Dinero's document does not say whether the rest of the
   * array was taken, so their state is read back and each item reported as it really is.
   */
  private async settleRefusal(
    connection: ProviderConnection,
    sent: readonly Sent[],
    outcomes: Map<number, Outcome>,
    refusal: DineroRefusal,
    options?: CallOptions,
  ): Promise<void> {
    const body = parseDineroErrorBody(refusal.bodyText);
    const duplicate = refusal.status === 409 || body.code === 72;
    const refusedItems = new Map<
      number,
      { readonly sent: Sent; readonly fields: string[]; readonly reasons: string[] }
    >();
    if (!duplicate) {
      for (const [field, reason] of Object.entries(body.validationErrors ?? {})) {
        const position = itemIndexOfField(field);
        const target = position === undefined ? undefined : sent[position];
        // A message Dinero does not tie to an item holds for the whole request.
        if (position === undefined || target === undefined) throw refusal.error;
        const refused = refusedItems.get(position) ?? { sent: target, fields: [], reasons: [] };
        refused.fields.push(pascalCaseField(field));
        refused.reasons.push(`${pascalCaseField(field)}: ${reason}`);
        refusedItems.set(position, refused);
      }
      if (refusedItems.size === 0) throw refusal.error;
    }
    for (const { sent: refused, fields, reasons } of refusedItems.values()) {
      const error = new ConnectorError(
        'validation',
        `Dinero rejected ledger item ${refused.entry.id} (${reasons.join('; ')}).`,
        {
          httpStatus: refusal.status,
          ...(fields[0] !== undefined && { field: fields[0] }),
          ...(body.code !== undefined && { providerCode: String(body.code) }),
        },
      );
      outcomes.set(refused.index, { kind: 'failed', error });
    }
    const rest = sent.filter(({ index }) => !outcomes.has(index));
    if (rest.length === 0) return;
    const named = new Set(guidsIn(body.message ?? ''));
    const states = await this.statuses(
      connection,
      rest.map(({ item }) => item.Id),
      options,
    );
    for (const { index, entry, item } of rest) {
      const state = states.get(item.Id.toLowerCase());
      if (state === undefined) {
        const why = duplicate ? 'another item of its request already existed' : 'Dinero refused other items beside it';
        outcomes.set(index, { kind: 'failed', error: notCreated(entry, why) });
      } else if (duplicate && (named.size === 0 || named.has(state.id))) {
        outcomes.set(index, { kind: 'duplicate', state });
      } else outcomes.set(index, { kind: 'created', state });
    }
  }

  /** Books every created or duplicate item still `Draft`; returns the input indexes whose booking started. */
  private async book(
    connection: ProviderConnection,
    sent: readonly Sent[],
    outcomes: Map<number, Outcome>,
    options?: CallOptions,
  ): Promise<Set<number>> {
    const drafts = sent.filter(({ index }) => {
      const outcome = outcomes.get(index);
      if (outcome === undefined || outcome.kind === 'failed') return false;
      return (outcome.state?.status ?? 'draft') === 'draft';
    });
    if (drafts.length === 0) return new Set();
    try {
      await this.client.write(connection, 'POST', {
        path: DineroClient.organizationPath('v1', connection, 'ledgeritems/book'),
        body: drafts.map(({ index, item }) => {
          const version = stateOf(outcomes.get(index))?.version;
          return { Id: item.Id, ...(version !== undefined && { Version: version }) };
        }),
        action: `booking ${drafts.length} ledger items in organization ${connection.organizationId}`,
        ...(options !== undefined && { options }),
      });
    } catch (error) {
      if (!isConnectorError(error)) throw error;
      // The items exist either way; reported as draft, a repeat of the same post books them (409, then book).
      return new Set();
    }
    return new Set(drafts.map(({ index }) => index));
  }
}

function stateOf(outcome: Outcome | undefined): LedgerItemState | undefined {
  return outcome !== undefined && outcome.kind !== 'failed' ? outcome.state : undefined;
}
