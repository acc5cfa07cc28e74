import { randomUUID } from 'node:crypto';

export interface Contact {
  guid: string;
  organizationId: number;
  name: string;
  countryKey: string;
  isPerson: boolean;
  isMember: boolean;
  useCvr: boolean;
  vatNumber: string | null;
  email: string | null;
  externalReference: string | null;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

export class ContactStore {
  private readonly contacts = new Map<number, Map<string, Contact>>();

  clear(): void {
    this.contacts.clear();
  }

  private of(organizationId: number): Map<string, Contact> {
    let contacts = this.contacts.get(organizationId);
    if (!contacts) this.contacts.set(organizationId, (contacts = new Map()));
    return contacts;
  }

  add(contact: Omit<Contact, 'guid'> & { guid?: string }): Contact {
    const stored: Contact = { ...contact, guid: (contact.guid ?? randomUUID()).toLowerCase() };
    this.of(contact.organizationId).set(stored.guid, stored);
    return stored;
  }

  get(organizationId: number, guid: string): Contact | undefined {
    return this.of(organizationId).get(guid.toLowerCase());
  }

  all(organizationId: number): Contact[] {
    return [...this.of(organizationId).values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
