import { extractOrderNumbers } from '../../context/index.js';
import type { IncomingMessage, Understanding } from '../types.js';
import { pickIntent, scoreIntents } from './intent.js';
import { detectLanguage } from './language.js';

/**
 * What the message asks, about which orders, in which language. The language is read from the
 * subject and the newest text together; the intent from the newest text first (the body's
 * question wins over the subject, which is often the store's own notification subject), then the
 * subject; with neither, a mentioned order number means "help with this order".
 */
export function understand(message: IncomingMessage): Understanding {
  const subject = message.subject ?? '';
  const text = message.text ?? '';
  const language = detectLanguage(`${subject}\n${text}`);
  const orderNumbers = unique([...extractOrderNumbers(subject), ...extractOrderNumbers(text)]);
  const intent =
    pickIntent(scoreIntents(text, language)) ??
    pickIntent(scoreIntents(subject, language)) ??
    (orderNumbers.length > 0 ? 'order_help' : 'other');
  return { intent, orderNumbers, language };
}

function unique(numbers: number[]): number[] {
  return [...new Set(numbers)];
}
