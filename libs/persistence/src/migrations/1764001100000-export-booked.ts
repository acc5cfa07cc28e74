import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { instantColumn } from './portable-columns';

/**
 * The number the provider gave a document on booking (Dinero: `VoucherNumber`), and when its status was last read,
 * so the status follow-up reads the longest-unread documents first within its share of the call budget.
 */
export class ExportBooked1764001100000 implements MigrationInterface {
  name = 'ExportBooked1764001100000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('exports', [
      new TableColumn({ name: 'provider_voucher_number', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn(instantColumn(qr, 'status_checked_at')),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumns('exports', ['status_checked_at', 'provider_voucher_number']);
  }
}
