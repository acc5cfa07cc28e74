import { randomUUID } from 'node:crypto';

export interface StoredFile {
  guid: string;
  organizationId: number;
  name: string;
  extension: string;
  contentType: string;
  size: number;
  bytes: Buffer;
  uploadedAt: number;
}

export class FileStore {
  private readonly files = new Map<number, Map<string, StoredFile>>();

  clear(): void {
    this.files.clear();
  }

  private of(organizationId: number): Map<string, StoredFile> {
    let files = this.files.get(organizationId);
    if (!files) this.files.set(organizationId, (files = new Map()));
    return files;
  }

  add(file: Omit<StoredFile, 'guid'>): StoredFile {
    const stored: StoredFile = { ...file, guid: randomUUID() };
    this.of(file.organizationId).set(stored.guid, stored);
    return stored;
  }

  get(organizationId: number, guid: string): StoredFile | undefined {
    return this.of(organizationId).get(guid);
  }

  all(organizationId: number): StoredFile[] {
    return [...this.of(organizationId).values()].sort((a, b) => a.uploadedAt - b.uploadedAt);
  }
}
