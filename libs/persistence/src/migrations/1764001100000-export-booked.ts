import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** The number the provider gave a document on booking (Dinero: `VoucherNumber`), shown beside its `booked` state. */
export class ExportBooked1764001100000 implements MigrationInterface {
  name = 'ExportBooked1764001100000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn(
      'exports',
      new TableColumn({ name: 'provider_voucher_number', type: 'varchar', length: '64', isNullable: true }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('exports', 'provider_voucher_number');
  }
}
