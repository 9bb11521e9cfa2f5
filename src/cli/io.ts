import { readFile } from 'node:fs/promises';
import { InputError } from '../shared/errors.js';

/** Reads a file path, or standard input for "-". */
export async function readInput(path: string): Promise<Buffer> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'unreadable');
    throw new InputError('unreadable_file', `Cannot read ${path}: ${why}`);
  }
}

export async function readJsonFile(path: string): Promise<unknown> {
  const raw = await readInput(path);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new InputError('invalid_json', `${path} is not valid JSON`);
  }
}
