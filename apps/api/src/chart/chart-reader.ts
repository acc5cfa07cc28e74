import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { setTimeout as delay } from 'node:timers/promises';
import {
  ConnectorRegistry,
  isConnectorError,
  requireCapability,
  type Account,
  type TaxCode,
} from '@ledgerbridge/connector-sdk';
import { ConnectionEntity } from '@ledgerbridge/persistence';
import { DataSource, Repository } from 'typeorm';
import { conflict } from '../http/api-errors';
import { apiErrorFromConnector } from '../connections/connection-errors';
import { ProviderConnections } from '../connections/provider-connections';
import { ChartStore } from './chart-store';

/**
 * A person waits on a live read (the setup page), so a request budget that frees up within this time is waited for
 * here, once, in the host; the plugin itself never waits, and a longer wait answers 503 at once.
 */
export const LIVE_READ_BUDGET_WAIT_MS = 15_000;

/** Reads a company's accounts live from its provider (keeping the stored chart current on the way). */
@Injectable()
export class ChartReader {
  constructor(
    private readonly registry: ConnectorRegistry,
    private readonly providerConnections: ProviderConnections,
    private readonly store: ChartStore,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async connected(companyId: string): Promise<ConnectionEntity> {
    const row = await this.connections.findOneBy({ companyId, status: 'connected' });
    if (!row) throw conflict('The company has no connected accounting provider yet: connect it first.');
    return row;
  }

  /** The chart as the provider has it now; `afterAccounts` reports progress between the two reads. */
  async fetch(
    row: ConnectionEntity,
    afterAccounts: () => Promise<void> = async () => undefined,
  ): Promise<{ accounts: Account[]; taxCodes: TaxCode[] }> {
    const connector = this.registry.get(row.providerKey);
    const connection = this.providerConnections.forStored(row);
    const accounts = await requireCapability(connector, 'accounts').listAccounts(connection);
    await afterAccounts();
    const taxCodes = await requireCapability(connector, 'taxCodes').listTaxCodes(connection);
    return { accounts, taxCodes };
  }

  async liveAccounts(companyId: string): Promise<Account[]> {
    const row = await this.connected(companyId);
    try {
      const { accounts, taxCodes } = await this.fetch(row).catch(async (err: unknown) => {
        const wait = isConnectorError(err) && err.code === 'rate_limited' ? err.retryAfterMs : undefined;
        if (wait === undefined || wait > LIVE_READ_BUDGET_WAIT_MS) throw err;
        await delay(wait);
        return this.fetch(row);
      });
      await this.dataSource.transaction((tx) => this.store.save(tx, companyId, accounts, taxCodes));
      return accounts;
    } catch (err) {
      throw apiErrorFromConnector(err, row.providerKey);
    }
  }
}
