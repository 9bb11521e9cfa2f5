import { describe, expect, it } from 'vitest';
import { BigCommerceError } from './errors.js';
import { parseStoreHash } from './store-hash.js';

describe('parseStoreHash', () => {
  it.each([
    ['abc123def', 'abc123def'],
    ['  abc123def \n', 'abc123def'],
    ['x7demo9st1', 'x7demo9st1'],
    ['https://api.bigcommerce.com/stores/abc123def/v3/customers', 'abc123def'],
    ['https://api.bigcommerce.com/stores/abc123def/v3/', 'abc123def'],
    ['https://api.bigcommerce.com/stores/abc123def', 'abc123def'],
    ['api.bigcommerce.com/stores/abc123def/v2/orders', 'abc123def'],
    ['/stores/abc123def/v3/', 'abc123def'],
    ['http://127.0.0.1:4010/stores/abc123def/v2/store', 'abc123def'],
    ['store-abc123def.mybigcommerce.com', 'abc123def'],
    ['https://store-abc123def.mybigcommerce.com/manage/dashboard', 'abc123def'],
    ['STORE-ABC123DEF.MyBigCommerce.com', 'abc123def'],
  ])('accepts %j', (input, hash) => {
    expect(parseStoreHash(input)).toBe(hash);
  });

  it.each([
    '',
    '   ',
    'ABC123DEF',
    'abc-123',
    'abc_123',
    'abc 123',
    'abc123/../../v3',
    'abc123?x=1',
    'abc123#x',
    'abc%2F123',
    '../abc',
    'evil.com/abc',
    'abc123.evil.com',
    'https://api.bigcommerce.com/stores/ABC/v3/',
    'https://api.bigcommerce.com/stores/abc%2F..%2Fx/v3/',
    'https://api.bigcommerce.com/stores/{store_hash}/v3/',
    'https://api.bigcommerce.com/v3/customers',
    'store-abc.mybigcommerce.com.evil.com',
    'store-.mybigcommerce.com',
    'a'.repeat(65),
    'abc\u0000',
  ])('rejects %j with invalid_store_hash', (input) => {
    let thrown: unknown;
    try {
      parseStoreHash(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BigCommerceError);
    expect((thrown as BigCommerceError).code).toBe('invalid_store_hash');
    // The input is never echoed (it may be a token pasted into the wrong field).
    if (input.trim().length > 3) expect((thrown as Error).message).not.toContain(input.trim());
  });

  it('rejects non-strings', () => {
    expect(() => parseStoreHash(undefined as unknown as string)).toThrow(BigCommerceError);
  });
});
