/**
 * Where a message being received over SMTP waits until it is stored: in memory up to a small
 * threshold, then in a temp file (mode 0600, in the receiver's spool directory), so many
 * concurrent DATA phases of large messages do not pile up in memory. The file is deleted as soon
 * as the message is stored or refused, and files left by a process that died are deleted when
 * the next receiver starts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, open, readdir, readFile, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';

const FILE_PREFIX = 'smtp-';
const FILE_SUFFIX = '.eml';
/** Which machine wrote a file: a data folder may be shared by processes on several hosts. */
const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** Bytes currently held in memory by all spools of one receiver (for limits and tests). */
export interface MemoryGauge {
  add(bytes: number): void;
}

export class MessageSpool extends Writable {
  /** Total bytes written (including any beyond `maxBytes`, which are counted but not kept). */
  size = 0;
  /** The first `headBytes` bytes, for the "is this an email" check without reading the file. */
  head: Buffer = Buffer.alloc(0);
  private chunks: Buffer[] = [];
  private inMemory = 0;
  private file: FileHandle | null = null;
  private filePath: string | null = null;
  private disposed = false;

  constructor(
    private readonly options: {
      dir: string;
      memoryBytes: number;
      maxBytes: number;
      headBytes: number;
      gauge: MemoryGauge;
    },
  ) {
    super();
  }

  /** The temp file, once the message outgrew memory. */
  get path(): string | null {
    return this.filePath;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.accept(chunk).then(() => callback(), callback);
  }

  private async accept(chunk: Buffer): Promise<void> {
    if (this.disposed) return;
    const before = this.size;
    this.size += chunk.length;
    if (before < this.options.headBytes) {
      const part = chunk.subarray(0, this.options.headBytes - before);
      this.head = Buffer.concat([this.head, part]);
    }
    // Past the limit, keep reading (the client must finish DATA) but keep nothing.
    if (this.size > this.options.maxBytes) {
      await this.drop();
      return;
    }
    if (!this.file && this.inMemory + chunk.length <= this.options.memoryBytes) {
      // A copy: the socket's chunk may be a slice of a larger pooled buffer.
      this.chunks.push(Buffer.from(chunk));
      this.inMemory += chunk.length;
      this.options.gauge.add(chunk.length);
      return;
    }
    if (!this.file) await this.spill();
    await this.file?.write(chunk);
  }

  private async spill(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    const name = `${FILE_PREFIX}${HOST_TAG}-${process.pid}-${randomBytes(12).toString('hex')}${FILE_SUFFIX}`;
    const file = path.join(this.options.dir, name);
    this.file = await open(file, 'wx', 0o600);
    this.filePath = file;
    if (this.disposed) {
      await this.closeFile();
      return;
    }
    const buffered = this.chunks;
    this.releaseMemory();
    for (const chunk of buffered) await this.file.write(chunk);
  }

  /** Over the size limit: nothing more is kept, and what was kept is let go. */
  private async drop(): Promise<void> {
    this.releaseMemory();
    await this.closeFile();
  }

  private releaseMemory(): void {
    this.options.gauge.add(-this.inMemory);
    this.chunks = [];
    this.inMemory = 0;
  }

  /** The whole message; call once writing finished. */
  async read(): Promise<Buffer> {
    if (this.size > this.options.maxBytes) throw new Error('The message is over the size limit.');
    if (!this.filePath) return Buffer.concat(this.chunks, this.inMemory);
    await this.file?.close();
    this.file = null;
    return readFile(this.filePath);
  }

  private async closeFile(): Promise<void> {
    const file = this.file;
    const filePath = this.filePath;
    this.file = null;
    this.filePath = null;
    if (file) await file.close().catch(() => undefined);
    if (filePath) await unlink(filePath).catch(() => undefined);
  }

  /** Frees the memory and deletes the temp file; safe to call more than once. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.releaseMemory();
    this.head = Buffer.alloc(0);
    await this.closeFile();
  }
}

/**
 * Deletes spool files whose process is gone (a crash mid-DATA). Files of live processes, and of
 * processes on other hosts sharing the folder, are left alone.
 */
export async function removeStaleSpoolFiles(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const match = new RegExp(`^${FILE_PREFIX}([0-9a-f]{8})-(\\d+)-[0-9a-f]+\\${FILE_SUFFIX}$`).exec(name);
    if (!match || match[1] !== HOST_TAG) continue;
    const pid = Number(match[2]);
    if (pid === process.pid || isAlive(pid)) continue;
    await unlink(path.join(dir, name)).then(
      () => (removed += 1),
      () => undefined,
    );
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The name a file of process `pid` on this host would have (tests). */
export function spoolFileName(pid: number, suffix = 'abcdef'): string {
  return `${FILE_PREFIX}${HOST_TAG}-${pid}-${suffix}${FILE_SUFFIX}`;
}
