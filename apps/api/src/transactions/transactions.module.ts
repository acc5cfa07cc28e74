import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CategoryEntity, TransactionEntity } from '@ledgerbridge/persistence';
import { CompaniesModule } from '../companies/companies.module';
import { TransactionsController } from './transactions.controller';
import { TransactionsService } from './transactions.service';

/** The platform's transactions coming in: ingest, list and read. */
@Module({
  imports: [CompaniesModule, TypeOrmModule.forFeature([TransactionEntity, CategoryEntity])],
  controllers: [TransactionsController],
  providers: [TransactionsService],
})
export class TransactionsModule {}
