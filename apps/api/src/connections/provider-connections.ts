import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ProviderConnection } from '@ledgerbridge/connector-sdk';
import { ConnectionEntity } from '@ledgerbridge/persistence';
import { RedisLock } from '@ledgerbridge/queue';
import { Repository } from 'typeorm';
import { CredentialCipher } from './credential-cipher';

/**
 * Builds the decrypted ProviderConnection a connector gets for one call. Credentials live decrypted only for
 * the call; rotated ones (one-time OAuth refresh tokens) are encrypted and stored again at once.
 */
@Injectable()
export class ProviderConnections {
  private readonly logger = new Logger(ProviderConnections.name);

  constructor(
    private readonly cipher: CredentialCipher,
    private readonly lock: RedisLock,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
  ) {}

  /** For a connection being verified before it is stored: rotations are kept in memory for the caller to save. */
  unsaved(companyId: string, organizationId: string, credentials: Record<string, string>): ProviderConnection & { current: () => Record<string, string> } {
    let current = { ...credentials };
    return {
      companyId,
      organizationId,
      get credentials() {
        return current;
      },
      saveCredentials: async (next) => {
        current = { ...next };
      },
      current: () => current,
    };
  }

  forStored(connection: ConnectionEntity): ProviderConnection {
    if (!connection.credentials) {
      throw new Error(`Connection ${connection.id} of company ${connection.companyId} holds no credentials.`);
    }
    const credentials = this.cipher.decrypt(connection.companyId, connection.credentials);
    let held: AbortSignal | undefined; // the lock of the exclusive task running now, if any
    return {
      companyId: connection.companyId,
      organizationId: connection.organizationId,
      credentials,
      saveCredentials: async (next) => {
        // A holder whose lock lapsed may overlap a newer holder: it must not overwrite what that one stored.
        held?.throwIfAborted();
        await this.connections.update({ id: connection.id }, { credentials: this.cipher.encrypt(connection.companyId, next) });
        this.logger.log(`Rotated credentials of company ${connection.companyId}'s ${connection.providerKey} connection were stored.`);
      },
      // One process at a time per connection, starting from what is stored now (another may just have rotated it).
      // The lock is renewed while the task runs; if it is lost anyway, saves are refused and the run fails.
      exclusive: (task) =>
        this.lock.run(`credentials:${connection.id}`, async (signal) => {
          held = signal;
          try {
            const fresh = await this.connections.findOneBy({ id: connection.id });
            if (!fresh?.credentials) throw new Error(`Connection ${connection.id} of company ${connection.companyId} was disconnected.`);
            return await task(this.cipher.decrypt(connection.companyId, fresh.credentials));
          } finally {
            held = undefined;
          }
        }),
    };
  }
}
