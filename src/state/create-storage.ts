import type { Storage } from 'botbuilder';
import type { Config } from '../config';
import { GuardedBlobsStorage } from './guarded-blobs-storage';
import { GuardedMemoryStorage } from './guarded-memory-storage';

/** The settings that choose the store. */
export type StorageConfig = Pick<Config, 'STORAGE' | 'BLOB_CONNECTION_STRING' | 'BLOB_CONTAINER'>;

/**
 * The bot's state store, chosen by `STORAGE`: `memory` (one process, lost on restart) or `blob` (Azure
 * Blob Storage, shared by every instance). Both support an atomic create; any other botbuilder
 * `Storage` (e.g. botbuilder-azure's CosmosDbPartitionedStorage) can be returned here instead.
 */
export function createStorage(config: StorageConfig): Storage {
  if (config.STORAGE === 'blob') {
    if (!config.BLOB_CONNECTION_STRING) throw new Error('BLOB_CONNECTION_STRING: required when STORAGE=blob');
    return new GuardedBlobsStorage(config.BLOB_CONNECTION_STRING, config.BLOB_CONTAINER);
  }
  return new GuardedMemoryStorage();
}
