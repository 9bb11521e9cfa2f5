/** Writes a Reply: lower-case headers, JSON body, gzip when the client asks for it. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { ApiVersion, Reply } from './reply.js';

export function sendReply(
  req: IncomingMessage,
  res: ServerResponse,
  reply: Reply,
  version: ApiVersion | null,
  extraHeaders: Record<string, string>,
): void {
  const headers: Record<string, string> = { 'x-request-id': randomUUID(), ...extraHeaders, ...reply.headers };
  if (version === 'v2') headers['x-bc-store-version'] = '7.6.0';
  let body: Buffer = Buffer.alloc(0);
  if (reply.status !== 204) {
    if (reply.raw) {
      headers['content-type'] = reply.raw.contentType;
      body = Buffer.from(reply.raw.text, 'utf8');
    } else {
      headers['content-type'] = 'application/json';
      body = Buffer.from(JSON.stringify(reply.body ?? null), 'utf8');
    }
    headers.vary = 'Accept-Encoding';
    const accept = String(req.headers['accept-encoding'] ?? '');
    if (/\bgzip\b/i.test(accept) && body.length > 0) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = String(body.length);
  }
  res.writeHead(reply.status, headers);
  res.end(req.method === 'HEAD' || reply.status === 204 ? undefined : body);
}
