import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ConnectorRegistry,
  requestsPerWindow,
  type CallBudget,
  type ProviderConnection,
} from '@ledgerbridge/connector-sdk';
import { ConnectionEntity } from '@ledgerbridge/persistence';
import { PacingBudget, pacingPlan, RedisLock, type CallAllowance, type Reservation } from '@ledgerbridge/queue';
import { Repository } from 'typeorm';
import { AppConfig, ConfigurationError } from '../config/app-config';
import { ANY_CONNECTION_KIND, callBudgetVariable, callWindowVariable, CONNECTION_KINDS } from '../config/call-budgets';
import { CredentialCipher } from './credential-cipher';

/**
 * Builds the decrypted ProviderConnection a connector gets for one call. Credentials live decrypted only for
 * the call; rotated ones (one-time OAuth refresh tokens) are encrypted and stored again at once. Every connection
 * carries its organization's call budget, so connect, sync and live reads all spend from the same one.
 */
@Injectable()
export class ProviderConnections implements OnApplicationBootstrap {
  private readonly logger = new Logger(ProviderConnections.name);

  constructor(
    private readonly cipher: CredentialCipher,
    private readonly lock: RedisLock,
    private readonly pacing: PacingBudget,
    private readonly registry: ConnectorRegistry,
    private readonly config: AppConfig,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
  ) {}

  /** Fails the start on an allowance the budget cannot keep, and says which budget each provider gets. */
  onApplicationBootstrap(): void {
    for (const provider of Object.keys(this.config.callBudgets)) {
      if (!this.registry.has(provider))
        this.logger.warn(`${callBudgetVariable(provider)} names no mounted provider; it is ignored.`);
    }
    for (const provider of Object.keys(this.config.callWindows ?? {})) {
      if (!this.registry.has(provider))
        this.logger.warn(`${callWindowVariable(provider)} names no mounted provider; it is ignored.`);
    }
    for (const provider of this.registry.keys()) {
      const budgets = CONNECTION_KINDS.map((kind) => {
        const allowance = this.allowance(provider, kind);
        try {
          pacingPlan(allowance);
        } catch (err) {
          throw new ConfigurationError([
            `${callBudgetVariable(provider)} or the ${provider} provider's rateLimit: ${(err as Error).message}`,
          ]);
        }
        return `${kind} ${allowance.requests} per ${allowance.perMs / 1000} s`;
      });
      this.logger.log(`Requests to ${provider} are budgeted per organization: ${budgets.join(', ')}.`);
    }
  }

  /**
   * The provider's declared budget for a connection kind, unless the operator set `<PROVIDER>_CALL_BUDGET` (requests)
   * or `<PROVIDER>_CALL_WINDOW_SECONDS` (the window they are counted over).
   */
  allowance(providerKey: string, connectionKind: string): CallAllowance {
    const declared = this.registry.rateLimitOf(providerKey);
    const override = this.config.callBudgets[providerKey];
    const requests =
      override?.[connectionKind] ?? override?.[ANY_CONNECTION_KIND] ?? requestsPerWindow(declared, connectionKind);
    return { requests, perMs: this.config.callWindows?.[providerKey] ?? declared.perMs };
  }

  /** For a connection being verified before it is stored: rotations are kept in memory for the caller to save. */
  unsaved(
    companyId: string,
    target: { providerKey: string; organizationId: string; connectionKind: string },
    credentials: Record<string, string>,
  ): ProviderConnection & { current: () => Record<string, string> } {
    let current = { ...credentials };
    return {
      companyId,
      organizationId: target.organizationId,
      callBudget: this.budget(target.providerKey, target.organizationId, target.connectionKind),
      get credentials() {
        return current;
      },
      saveCredentials: async (next) => {
        current = { ...next };
      },
      current: () => current,
    };
  }

  /** `reservation`: calls an export planned and reserved; the connection's requests spend them first. */
  forStored(connection: ConnectionEntity, reservation?: Reservation): ProviderConnection {
    if (!connection.credentials) {
      throw new Error(`Connection ${connection.id} of company ${connection.companyId} holds no credentials.`);
    }
    const credentials = this.cipher.decrypt(connection.companyId, connection.credentials);
    let held: AbortSignal | undefined; // the lock of the exclusive task running now, if any
    return {
      companyId: connection.companyId,
      organizationId: connection.organizationId,
      credentials,
      callBudget: this.budget(connection.providerKey, connection.organizationId, connection.authMethod, reservation),
      saveCredentials: async (next) => {
        // A holder whose lock lapsed may overlap a newer holder: it must not overwrite what that one stored.
        held?.throwIfAborted();
        await this.connections.update(
          { id: connection.id },
          { credentials: this.cipher.encrypt(connection.companyId, next) },
        );
        this.logger.log(
          `Rotated credentials of company ${connection.companyId}'s ${connection.providerKey} connection were stored.`,
        );
      },
      // One process at a time per connection, starting from what is stored now (another may just have rotated it).
      // The lock is renewed while the task runs; if it is lost anyway, saves are refused and the run fails.
      exclusive: (task) =>
        this.lock.run(`credentials:${connection.id}`, async (signal) => {
          held = signal;
          try {
            const fresh = await this.connections.findOneBy({ id: connection.id });
            if (!fresh?.credentials)
              throw new Error(`Connection ${connection.id} of company ${connection.companyId} was disconnected.`);
            return await task(this.cipher.decrypt(connection.companyId, fresh.credentials));
          } finally {
            held = undefined;
          }
        }),
    };
  }

  // Providers count per organization (and integration, of which the host has one per provider).
  private budget(
    providerKey: string,
    organizationId: string,
    connectionKind: string,
    reservation?: Reservation,
  ): CallBudget {
    const allowance = this.allowance(providerKey, connectionKind);
    return this.pacing.budgetFor(`${providerKey}:${organizationId}`, allowance, reservation);
  }
}
