import type { ProviderConnection } from '@ledgerbridge/connector-sdk';
import type { ConnectionEntity } from '@ledgerbridge/persistence';
import type { CallAllowance, Reservation } from '@ledgerbridge/queue';

/** What the export writer needs of the host's connections: the decrypted connection, paid by a reservation. */
export interface ExportConnections {
  /** The organization's call allowance for this provider and connection kind (`api_key`, `oauth`). */
  allowance(providerKey: string, connectionKind: string): CallAllowance;
  /** The connection for one write; its callBudget spends `reservation` first, then takes afresh. */
  forStored(connection: ConnectionEntity, reservation?: Reservation): ProviderConnection;
}
export const EXPORT_CONNECTIONS = Symbol('EXPORT_CONNECTIONS');

/** Where the receipt bytes are, by their SHA-256 (the host's receipt store). */
export interface ExportReceipts {
  get(sha256: string): Promise<Uint8Array | undefined>;
}
export const EXPORT_RECEIPTS = Symbol('EXPORT_RECEIPTS');
