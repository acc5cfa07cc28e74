import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectorRegistryModule } from '@ledgerbridge/connector-sdk';
import {
  CategoryEntity,
  CompanySetupEntity,
  ConnectionEntity,
  LedgerAccountEntity,
  TaxCodeEntity,
} from '@ledgerbridge/persistence';
import { CategoriesController } from '../categories/categories.controller';
import { CategoriesService } from '../categories/categories.service';
import { ChartReader } from '../chart/chart-reader';
import { ChartStore } from '../chart/chart-store';
import { CompaniesModule } from '../companies/companies.module';
import { AppConfig } from '../config/app-config';
import { SetupController } from '../setup/setup.controller';
import { SetupService } from '../setup/setup.service';
import { ConnectionsController } from './connections.controller';
import { ConnectionsService } from './connections.service';
import { CredentialCipher } from './credential-cipher';
import { ProviderConnections } from './provider-connections';

/** Everything about a company's provider: connection, synced chart, setup and categories. */
@Module({
  imports: [
    CompaniesModule,
    ConnectorRegistryModule,
    TypeOrmModule.forFeature([
      ConnectionEntity,
      LedgerAccountEntity,
      TaxCodeEntity,
      CompanySetupEntity,
      CategoryEntity,
    ]),
  ],
  controllers: [ConnectionsController, SetupController, CategoriesController],
  providers: [
    {
      provide: CredentialCipher,
      useFactory: (config: AppConfig) => new CredentialCipher(config.credentialKeys),
      inject: [AppConfig],
    },
    ProviderConnections,
    ConnectionsService,
    ChartStore,
    ChartReader,
    SetupService,
    CategoriesService,
  ],
  exports: [ProviderConnections, ConnectionsService, ChartStore, ChartReader, TypeOrmModule, ConnectorRegistryModule],
})
export class ConnectionsModule {}
