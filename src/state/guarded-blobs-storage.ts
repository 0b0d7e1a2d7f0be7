import { ContainerClient, RestError } from '@azure/storage-blob';
import type { StoreItem } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
// Not re-exported by the package index; importing it keeps blob names identical to BlobsStorage's.
import { sanitizeBlobKey } from 'botbuilder-azure-blobs/lib/sanitizeBlobKey';
import { CreateConflictError, type CreatableStorage } from './creatable-storage';

/**
 * botbuilder-azure-blobs' `BlobsStorage` plus an atomic `create` (Put Blob with `If-None-Match: *`).
 * BlobsStorage itself sends `If-Match` only for a real eTag and uploads unconditionally for none or `*`.
 */
export class GuardedBlobsStorage extends BlobsStorage implements CreatableStorage {
  private readonly container: ContainerClient;
  private ready?: Promise<unknown>;

  constructor(connectionString: string, containerName: string) {
    super(connectionString, containerName);
    this.container = new ContainerClient(connectionString, containerName);
  }

  /** Writes `item` only if no blob exists for `key`; the blob name and body are exactly what BlobsStorage reads. */
  async create(key: string, item: StoreItem): Promise<void> {
    this.ready ??= this.container.createIfNotExists();
    await this.ready;
    const { eTag: _ignored, ...change } = item;
    const body = JSON.stringify(change);
    try {
      await this.container.getBlockBlobClient(sanitizeBlobKey(key)).upload(body, Buffer.byteLength(body), {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
    } catch (error) {
      // Azure answers 409 BlobAlreadyExists (Azurite too); 412 if a proxy maps it as a failed precondition.
      if (error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)) throw new CreateConflictError(key);
      throw error;
    }
  }
}

