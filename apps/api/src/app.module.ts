import { randomUUID } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from '@ledgerbridge/audit';
import { ConnectorRegistryModule, selectProviderModules } from '@ledgerbridge/connector-sdk';
import { CompanyEntity, ConnectionEntity, createDataSource, dataSourceOptions } from '@ledgerbridge/persistence';
import type { DataSourceOptions } from 'typeorm';
import { QueueModule } from '@ledgerbridge/queue';
import { AuthModule } from './auth/auth.module';
import { ConnectionsModule } from './connections/connections.module';
import { WorkersModule } from './workers/workers.module';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { CompaniesModule } from './companies/companies.module';
import { AppConfig } from './config/app-config';
import { HealthModule } from './health/health.module';
import { HttpErrorFilter } from './http/http-error.filter';
import { providerPlugins } from './providers';
import { TransactionsModule } from './transactions/transactions.module';
import { ExportsApiModule } from './exports/exports.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const providerKeys = config.accountingProviders ?? providerPlugins(config).map((p) => p.key);
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // The id was set by the requestId middleware, which runs before everything else.
            genReqId: (req) => (req as { id?: string }).id ?? randomUUID(),
            // Keys and tokens never reach a log line, whichever header carried them.
            redact: {
              paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
              censor: '[redacted]',
            },
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
            // One short line per request: what was asked, the answer, and the id to find it by.
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions({
              databaseUrl: config.databaseUrl,
              dataDir: config.dataDir,
              poolSize: config.databasePoolSize,
            }),
            // Only the process that serves HTTP migrates, so several workers never race to do it.
            migrationsRun: config.servesHttp,
            migrationsTransactionMode: 'each',
          }),
          // Dates are instants on PostgreSQL (timestamptz), whatever the process's time zone.
          dataSourceFactory: async (options) => createDataSource(options as DataSourceOptions).initialize(),
        }),
        QueueModule.forRoot({ redisUrl: config.redisUrl }),
        ConnectorRegistryModule,
        ...selectProviderModules(providerKeys, providerPlugins(config), config.providerSettings),
        AuditModule,
        AuthModule,
        CompaniesModule,
        ConnectionsModule,
        TransactionsModule,
        ExportsApiModule,
        HealthModule,
        ...(config.runsWorkers ? [WorkersModule] : []),
        TypeOrmModule.forFeature([CompanyEntity, ConnectionEntity]),
      ],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        ...(config.servesHttp ? [BootstrapService] : []),
      ],
      exports: [AppConfig],
    };
  }
}
