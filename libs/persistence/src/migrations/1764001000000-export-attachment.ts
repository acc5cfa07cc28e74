import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * The provider's handle of an export's uploaded receipt (Dinero: `FileGuid`), stored before the voucher's create so
 * a lost create answer can be looked up through it and a retry does not upload the receipt twice.
 */
export class ExportAttachment1764001000000 implements MigrationInterface {
  name = 'ExportAttachment1764001000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn(
      'exports',
      new TableColumn({ name: 'attachment_ref', type: 'varchar', length: '128', isNullable: true }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('exports', 'attachment_ref');
  }
}
