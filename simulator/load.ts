/** Reads a store JSON file and validates it, with a one-line error naming the file and the problem. */
import { readFileSync } from 'node:fs';
import type { StoreData } from './store-data.js';
import { parseStoreData } from './store-data.js';

export function loadStoreFile(path: string): StoreData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`Cannot read store file ${path}: ${code === 'ENOENT' ? 'no such file' : String(code ?? error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Store file ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseStoreData(json, `store file ${path}`);
}
