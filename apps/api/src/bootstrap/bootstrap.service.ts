import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { CompanyEntity, ConnectionEntity } from '@ledgerbridge/persistence';
import { Repository } from 'typeorm';
import { ApiKeyService } from '../auth/api-key.service';
import { AppConfig } from '../config/app-config';
import { ConnectionsService } from '../connections/connections.service';

export const DEMO_COMPANY_EXTERNAL_ID = 'demo';

/** First-start duties of the serving process: the admin key and, when asked for, the demo company. */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly keys: ApiKeyService,
    private readonly connectionsService: ConnectionsService,
    @InjectRepository(CompanyEntity) private readonly companies: Repository<CompanyEntity>,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const issued = await this.keys.ensureAdminKey(this.config.adminApiKey);
    if (issued) {
      // Deliberately not through the logger: the key is shown on this terminal once and kept nowhere else.
      process.stdout.write(
        `\n  Bootstrap admin API key (shown only now, store it): ${issued.plaintext}\n` +
          `  Set ADMIN_API_KEY to choose your own key instead.\n\n`,
      );
    }
    if (this.config.seedDemo) await this.seedDemoCompany();
  }

  private async seedDemoCompany(): Promise<void> {
    let company = await this.companies.findOneBy({ externalId: DEMO_COMPANY_EXTERNAL_ID });
    if (!company) {
      const id = randomUUID();
      await this.companies.insert({ id, name: 'Demo ApS', externalId: DEMO_COMPANY_EXTERNAL_ID, baseCurrency: 'DKK' });
      this.logger.log(`Demo company ${id} ("Demo ApS") was created.`);
      company = await this.companies.findOneByOrFail({ id });
    }
    const demo = this.config.demoConnection;
    if (!demo || (await this.connections.findOneBy({ companyId: company.id, status: 'connected' }))) return;
    try {
      await this.connectionsService.create(
        company.id,
        {
          provider: demo.provider,
          organizationId: demo.organizationId,
          method: 'api_key',
          credentials: demo.credentials,
        },
        'system',
      );
      this.logger.log(
        `Demo company ${company.id} was connected to ${demo.provider} organization ${demo.organizationId}; its chart is syncing.`,
      );
    } catch (err) {
      // The demo must not stop the host: a sandbox that is still starting only costs the demo its connection.
      this.logger.warn(
        `Demo company ${company.id} could not be connected to ${demo.provider}: ${(err as Error).message}`,
      );
    }
  }
}
