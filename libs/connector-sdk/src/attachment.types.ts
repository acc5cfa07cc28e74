/** A receipt to upload before the voucher that uses it. */
export interface Attachment {
  readonly fileName: string;
  /** A MIME type such as `application/pdf`, `image/jpeg` or `image/png`. */
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/** The provider's handle for an uploaded attachment (Dinero: `FileGuid`), stored by the host. */
export interface AttachmentRef {
  readonly id: string;
}

/** What a provider accepts as a receipt; the host converts or refuses anything else before uploading. */
export interface AttachmentLimits {
  /** The largest file in bytes (Dinero: 6 MB). */
  readonly maxBytes: number;
  /** Lower-case MIME types, e.g. `application/pdf`, `image/jpeg`, `image/png`. */
  readonly contentTypes: readonly string[];
}
