/**
 * Shared Key signatures as Microsoft's own SDK makes them: each vector is a request
 * @azure/storage-blob 12.34.0 signed (its StorageSharedKeyCredentialPolicy, key
 * "c2VjcmV0IGtleSBieXRlcyAwMTIzNDU2Nzg5"): a List Blobs and a Get Blob with spaces, a plus, a
 * slash and a non-ASCII letter in names, from the public cloud's endpoint and from a path-style one
 * (Azurite's, the account in the path).
 */
import { describe, expect, it } from 'vitest';
import { sharedKeyHeaders, sharedKeySignature } from './azure-shared-key.ts';

const credential = { account: 'acct', key: Buffer.from('c2VjcmV0IGtleSBieXRlcyAwMTIzNDU2Nzg5', 'base64') };
const headers = (id: string): Record<string, string> => ({ 'x-ms-version': '2026-10-06', 'x-ms-client-request-id': id, 'x-ms-date': 'Mon, 30 Nov 2026 05:12:13 GMT' });

const VECTORS = [
  ['https://acct.blob.core.windows.net/my%20data?comp=list&prefix=images%2Fa%20b%2Bc%2F&marker=tok%2Fen%3D1&restype=container', '6622e1cc-aa05-4332-a518-a1e8c105a546', 'gqtmP56HkJ6f11oVql7Iu6iyM07yRA0/9qPvVf3NSjc='],
  ['https://acct.blob.core.windows.net/my%20data/images/%C3%A4%20x%2By.jpg', 'b75d8698-d42c-4d81-8d79-717ab3d19591', 'nzq4DD84JpYuNPk1S6c4VNAubDTiTHomZP8ioEtABds='],
  ['http://127.0.0.1:10000/acct/my%20data?comp=list&prefix=images%2Fa%20b%2Bc%2F&marker=tok%2Fen%3D1&restype=container', 'd52a742a-f524-4c62-a144-3ea8ce59e318', 'hTsqdSkx3eKjI+E7rJkoB5bZsAR0ZwLrfE+Ifk+LpOU='],
  ['http://127.0.0.1:10000/acct/my%20data/images/%C3%A4%20x%2By.jpg', 'cb459269-a1bb-4ee8-b3c2-12db8c4ed693', 'xkU2ZZpXVbv9l/xgz+rrVDgFSUIo5HJfWj3DYcD1tw4='],
] as const;

describe('Shared Key signatures', () => {
  it.each(VECTORS)('signs GET %s as the SDK does', (url, id, signature) => {
    expect(sharedKeySignature(credential, 'GET', url, headers(id))).toBe(signature);
  });

  it('changes with anything signed: the key, the resource, a query value, the time', () => {
    const [url, id, signature] = VECTORS[0];
    expect(sharedKeySignature({ ...credential, key: Buffer.from('other') }, 'GET', url, headers(id))).not.toBe(signature);
    expect(sharedKeySignature(credential, 'GET', url.replace('my%20data', 'my%20date'), headers(id))).not.toBe(signature);
    expect(sharedKeySignature(credential, 'GET', url.replace('tok%2Fen', 'tok%2Fem'), headers(id))).not.toBe(signature);
    expect(sharedKeySignature(credential, 'GET', url, { ...headers(id), 'x-ms-date': 'Mon, 30 Nov 2026 05:12:14 GMT' })).not.toBe(signature);
  });

  it('sends the time it signed, in HTTP date form, and the account in the Authorization header', () => {
    const at = new Date('2026-11-30T05:12:13Z');
    const sent = sharedKeyHeaders(credential, 'GET', VECTORS[1][0], at);
    expect(sent['x-ms-date']).toBe('Mon, 30 Nov 2026 05:12:13 GMT');
    expect(sent['authorization']).toBe(`SharedKey acct:${sharedKeySignature(credential, 'GET', VECTORS[1][0], { 'x-ms-date': sent['x-ms-date'] ?? '', 'x-ms-version': sent['x-ms-version'] ?? '' })}`);
  });
});
