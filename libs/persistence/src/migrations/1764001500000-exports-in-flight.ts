import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The exports in flight (queued or sending) in id order: the sweeper's keyset pages read the next few hundred from
 * here. Through `IDX_exports_pending (state, lease_expires_at)` each page read and sorted every pending export, so a
 * pass over P of them cost P² / page-size rows.
 */
export class ExportsInFlight1764001500000 implements MigrationInterface {
  name = 'ExportsInFlight1764001500000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex(
      'exports',
      new TableIndex({ name: 'IDX_exports_in_flight', columnNames: ['id'], where: "state IN ('queued', 'sending')" }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('exports', 'IDX_exports_in_flight');
  }
}
