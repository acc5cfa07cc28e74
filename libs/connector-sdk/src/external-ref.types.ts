declare const externalRefBrand: unique symbol;

/**
 * LedgerBridge's own id for an export, written into the provider document so it can be found again
 * (Dinero: `ExternalReference`). At most 128 characters; build one with `externalRef()`.
 */
export type ExternalRef = string & { readonly [externalRefBrand]: true };
