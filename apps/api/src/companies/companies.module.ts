import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompanyEntity } from '@ledgerbridge/persistence';
import { AuthModule } from '../auth/auth.module';
import { AuditController } from '../audit/audit.controller';
import { ApiKeysController } from './api-keys.controller';
import { CompaniesController } from './companies.controller';
import { CompaniesService } from './companies.service';

@Module({
  imports: [TypeOrmModule.forFeature([CompanyEntity]), AuthModule],
  controllers: [CompaniesController, ApiKeysController, AuditController],
  providers: [CompaniesService],
  exports: [CompaniesService],
})
export class CompaniesModule {}
