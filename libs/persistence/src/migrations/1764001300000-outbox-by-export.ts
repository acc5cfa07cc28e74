import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * An export's outbox rows by export: the sweeper leaves an export whose row still waits in the outbox to the relay
 * (which holds back a company's rows beyond its cap of jobs in Bull), and asks that for every pending export.
 */
export class OutboxByExport1764001300000 implements MigrationInterface {
  name = 'OutboxByExport1764001300000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex(
      'export_outbox',
      new TableIndex({ name: 'IDX_export_outbox_export', columnNames: ['export_id', 'relayed_at'] }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('export_outbox', 'IDX_export_outbox_export');
  }
}
