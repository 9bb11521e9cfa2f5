import { simpleParser, type ParsedMail } from 'mailparser';
import { InputError, describeError } from '../shared/errors.js';
import { addressList, firstMailbox } from './addresses.js';
import { parseDateHeader, pickHeaders } from './header-fields.js';
import { htmlToText } from './html-text.js';
import { extractMessageIds, firstMessageId, stableMessageId } from './message-id.js';
import { stripQuotedText } from './quoted-text.js';
import { assertLooksLikeEmail, assertWithinSize, resolveMaxBytes, toBuffer } from './raw-input.js';
import type { ParseEmailOptions, ParsedEmail } from './types.js';

/**
 * HTML above this many characters is kept but not converted to text: html-to-text is the slow
 * part of parsing, and no customer question needs more than this to be understood.
 */
const MAX_HTML_TO_CONVERT = 5 * 1024 * 1024;

/**
 * Raw MIME → ParsedEmail. Throws InputError `invalid_email` (not an email, or unparseable) or
 * `email_too_large`, each with a one-line message; never anything else for bad input.
 */
export async function parseEmail(raw: Buffer | string, options: ParseEmailOptions = {}): Promise<ParsedEmail> {
  const bytes = toBuffer(raw);
  assertWithinSize(bytes, resolveMaxBytes(options.maxBytes));
  assertLooksLikeEmail(bytes);

  const mail = await runMailparser(bytes);
  const headers = pickHeaders(mail.headerLines ?? []);
  const html = typeof mail.html === 'string' && mail.html !== '' ? mail.html : null;
  // A failed conversion (HTML too large or too deep) would fail again, so it is not retried.
  const canConvert = html !== null && mail.textConversionError === undefined;
  const text = mail.text || (canConvert ? await htmlToText(html, MAX_HTML_TO_CONVERT) : '');
  const headerMessageId = firstMessageId(headers['message-id']);

  return {
    messageId: headerMessageId ?? stableMessageId(bytes),
    hasMessageId: headerMessageId !== null,
    inReplyTo: firstMessageId(headers['in-reply-to']),
    references: headers.references === undefined ? [] : extractMessageIds(headers.references),
    subject: (mail.subject ?? '').trim(),
    from: firstMailbox(mail.from),
    replyTo: firstMailbox(mail.replyTo),
    to: addressList(mail.to),
    cc: addressList(mail.cc),
    date: parseDateHeader(headers.date),
    text,
    html,
    newestText: stripQuotedText(text),
    attachments: mail.attachments.map((attachment) => ({
      filename: attachment.filename ?? null,
      contentType: attachment.contentType,
      size: attachment.size,
    })),
    headers,
    sizeBytes: bytes.length,
  };
}

async function runMailparser(bytes: Buffer): Promise<ParsedMail> {
  try {
    return await simpleParser(bytes, {
      // cid: images stay links: inlining them as data: URIs would copy every image into the HTML.
      keepCidLinks: true,
      // textAsHtml is never read, and building it runs the link finder over the whole text.
      skipTextToHtml: true,
      skipTextLinks: true,
      // Attachments are kept as metadata only, so their checksum is never needed.
      checksumAlgo: false,
      maxHtmlLengthToParse: MAX_HTML_TO_CONVERT,
    });
  } catch (error) {
    throw new InputError('invalid_email', `Could not parse the email: ${describeError(error)}`, { cause: error });
  }
}
