import { simpleParser } from 'mailparser';

/**
 * Plain text for an HTML body. mailparser converts HTML to text only when the HTML is the whole
 * message or stands alone beside a text part, not for the common "HTML plus attachments" or
 * "HTML plus inline images" layouts. Rather than a second HTML converter, the HTML is handed back
 * to mailparser as a one-part message, so every body goes through the same hardened conversion
 * (nesting and size limits, quotes rendered as "> " lines for the quote stripper).
 */
export async function htmlToText(html: string, maxHtmlLength: number): Promise<string> {
  const message = Buffer.concat([
    Buffer.from('Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n'),
    Buffer.from(Buffer.from(html, 'utf8').toString('base64')),
  ]);
  try {
    const parsed = await simpleParser(message, {
      skipTextToHtml: true,
      skipImageLinks: true,
      keepCidLinks: true,
      maxHtmlLengthToParse: maxHtmlLength,
    });
    return parsed.text ?? '';
  } catch {
    // HTML that cannot be converted leaves the text empty; the HTML itself is still kept.
    return '';
  }
}
