import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { instantColumn } from './portable-columns';

/**
 * When an export's create was first sent to the provider, stored (under its lease) right before the call: with
 * none stored no document can exist, so a retry writes at once; with one stored a retry looks the document up first.
 */
export class ExportCreateSent1764001200000 implements MigrationInterface {
  name = 'ExportCreateSent1764001200000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('exports', new TableColumn(instantColumn(qr, 'create_sent_at')));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('exports', 'create_sent_at');
  }
}
