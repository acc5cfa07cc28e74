import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { CompanyEntity } from '@ledgerbridge/persistence';
import { Repository } from 'typeorm';
import { ApiKeyService } from '../auth/api-key.service';
import { AppConfig } from '../config/app-config';

export const DEMO_COMPANY_EXTERNAL_ID = 'demo';

/** First-start duties of the serving process: the admin key and, when asked for, the demo company. */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly keys: ApiKeyService,
    @InjectRepository(CompanyEntity) private readonly companies: Repository<CompanyEntity>,
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
    const existing = await this.companies.findOneBy({ externalId: DEMO_COMPANY_EXTERNAL_ID });
    if (existing) return;
    const id = randomUUID();
    await this.companies.insert({ id, name: 'Demo ApS', externalId: DEMO_COMPANY_EXTERNAL_ID, baseCurrency: 'DKK' });
    this.logger.log(`Demo company ${id} ("Demo ApS") was created.`);
  }
}
