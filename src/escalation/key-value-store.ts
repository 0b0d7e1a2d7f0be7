/** A stored document; `eTag` is set by the store on read and guards the next write. */
export interface StoreItem {
  eTag?: string;
  [field: string]: unknown;
}

/** Documents by key, as botbuilder's `StoreItems`. */
export type StoreItems = Record<string, any>;

/**
 * The minimal key-value storage escalation needs, structurally botbuilder's `Storage`, so `MemoryStorage`
 * and botbuilder-azure-blobs' `BlobsStorage` plug in as they are. A write whose item carries an `eTag`
 * other than `*` must fail when the stored document changed since it was read.
 */
export interface KeyValueStore {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
  /** Writes `item` only if `key` holds nothing, failing otherwise (`CreatableStorage`); stores without it get an unconditional first write. */
  create?(key: string, item: StoreItem): Promise<void>;
}
