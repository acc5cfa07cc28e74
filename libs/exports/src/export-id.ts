import { createHash } from 'node:crypto';

/** RFC 4122 name-based (v5) namespace for export ids; fixed forever, or every export id would change. */
const EXPORT_NAMESPACE = '6f1d3a2c-8e4b-4c7a-9d15-2b8e0f6a7c31';

/** The export id of one version of a transaction at one provider: a UUIDv5, so a preview and its export agree. */
export function exportIdOf(companyId: string, transactionId: string, version: number, providerKey: string): string {
  const namespace = Buffer.from(EXPORT_NAMESPACE.replace(/-/g, ''), 'hex');
  const name = Buffer.from(`${companyId}/${transactionId}/${version}/${providerKey}`, 'utf8');
  const hash = createHash('sha1').update(namespace).update(name).digest().subarray(0, 16);
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6);
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
