import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * The company on each outbox row (copied from its export), and the waiting rows by company in creation order: the
 * relay reads each company's oldest waiting rows from the index instead of ranking them all with a window function.
 */
export class OutboxCompany1764001400000 implements MigrationInterface {
  name = 'OutboxCompany1764001400000';

  async up(qr: QueryRunner): Promise<void> {
    const column = { name: 'company_id', type: 'varchar', length: '36' };
    await qr.addColumn('export_outbox', new TableColumn({ ...column, isNullable: true }));
    await qr.query(
      'UPDATE export_outbox SET company_id = (SELECT e.company_id FROM exports e WHERE e.id = export_outbox.export_id)',
    );
    await qr.changeColumn('export_outbox', 'company_id', new TableColumn({ ...column, isNullable: false }));
    await qr.createIndex(
      'export_outbox',
      new TableIndex({
        name: 'IDX_export_outbox_waiting',
        columnNames: ['company_id', 'created_at'],
        where: 'relayed_at IS NULL',
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('export_outbox', 'IDX_export_outbox_waiting');
    await qr.dropColumn('export_outbox', 'company_id');
  }
}
