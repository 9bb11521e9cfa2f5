import { statusPhrases as status, type Phrases } from './types.js';

/** After "Hallo Maya," German continues in lower case, unless the word is a noun or the polite "Sie"/"Ihr". */
const LOWER_AFTER_GREETING = new Set([
  'Diese',
  'Dies',
  'Wir',
  'Der',
  'Die',
  'Das',
  'Ein',
  'Eine',
  'Es',
  'Für',
  'Zu',
  'Unter',
  'Leider',
  'Vielen',
  'Danke',
  'Falls',
  'Bitte',
  'Bei',
]);

/** German, with the polite "Sie". */
export const DE: Phrases = {
  orderRef: (id) => `Nr. ${id}`,
  quote: (text) => `„${text}“`,
  greeting(name, tone) {
    if (tone === 'formal')
      return name ? `Guten Tag ${name.firstName} ${name.lastName}`.trim() + ',' : 'Sehr geehrte Damen und Herren,';
    return name ? `Hallo ${name.firstName},` : 'Hallo,';
  },
  afterGreeting(text) {
    const first = text.split(' ', 1)[0] ?? '';
    return LOWER_AFTER_GREETING.has(first) ? first.toLowerCase() + text.slice(first.length) : text;
  },
  closing: (tone) => (tone === 'formal' ? 'Mit freundlichen Grüßen' : 'Viele Grüße'),
  teamSignature: (businessName) => `Ihr Team von ${businessName}`,
  genericSignature: 'Ihr Kundenservice',

  status: {
    0: status(
      (ref) =>
        `Der Bestellvorgang für die Bestellung ${ref} wurde nicht abgeschlossen, daher ist keine Bestellung zustande gekommen.`,
      'Das bedeutet, dass der Bestellvorgang nicht abgeschlossen wurde und daher keine Bestellung zustande gekommen ist.',
      'Bestellvorgang nicht abgeschlossen',
    ),
    1: status(
      (ref) =>
        `Die Bestellung ${ref} wurde begonnen, aber noch nicht abgeschlossen – oft, weil die Zahlung noch nicht bestätigt ist. Unser Team prüft das.`,
      'Das bedeutet, dass die Bestellung begonnen, aber noch nicht abgeschlossen wurde – oft, weil die Zahlung noch nicht bestätigt ist. Unser Team prüft das.',
      'ausstehend',
    ),
    2: status((ref) => `Ihre Bestellung ${ref} wurde versandt.`, 'Das bedeutet, dass sie versandt wurde.', 'versandt'),
    3: status(
      (ref) => `Ein Teil Ihrer Bestellung ${ref} wurde bereits versandt; der Rest steht noch aus.`,
      'Das bedeutet, dass ein Teil bereits versandt wurde und der Rest noch aussteht.',
      'teilweise versandt',
    ),
    4: status(
      (ref) => `Ihre Bestellung ${ref} wurde erstattet.`,
      'Das bedeutet, dass der Betrag erstattet wurde.',
      'erstattet',
    ),
    5: status(
      (ref) => `Ihre Bestellung ${ref} wurde storniert.`,
      'Das bedeutet, dass sie storniert wurde.',
      'storniert',
    ),
    6: status(
      (ref) =>
        `Die Zahlung für Ihre Bestellung ${ref} wurde abgelehnt, daher wurde die Bestellung nicht abgeschlossen. Sie können es gern noch einmal versuchen oder eine andere Zahlungsart wählen.`,
      'Das bedeutet, dass die Zahlung abgelehnt und die Bestellung daher nicht abgeschlossen wurde. Sie können es gern noch einmal versuchen oder eine andere Zahlungsart wählen.',
      'Zahlung abgelehnt',
    ),
    7: status(
      (ref) => `Ihre Bestellung ${ref} wartet noch auf den Zahlungseingang.`,
      'Das bedeutet, dass die Bestellung noch auf den Zahlungseingang wartet.',
      'wartet auf Zahlung',
    ),
    8: status(
      (ref) => `Ihre Bestellung ${ref} liegt zur Abholung bereit.`,
      'Das bedeutet, dass sie zur Abholung bereitliegt.',
      'abholbereit',
    ),
    9: status(
      (ref) => `Ihre Bestellung ${ref} ist verpackt und wartet auf den Versanddienstleister.`,
      'Das bedeutet, dass sie verpackt ist und auf den Versanddienstleister wartet.',
      'verpackt, wartet auf den Versanddienstleister',
    ),
    10: status(
      (ref) => `Ihre Bestellung ${ref} ist als abgeschlossen markiert.`,
      'Das bedeutet, dass wir sie als abgeschlossen markiert haben.',
      'abgeschlossen',
    ),
    11: status(
      (ref) => `Ihre Zahlung für die Bestellung ${ref} ist eingegangen, und wir bereiten die Bestellung gerade vor.`,
      'Das bedeutet, dass Ihre Zahlung eingegangen ist und wir die Bestellung vorbereiten.',
      'in Vorbereitung',
    ),
    12: status(
      (ref) => `Ihre Bestellung ${ref} wird von unserem Team noch kurz geprüft, bevor sie weiterbearbeitet wird.`,
      'Das bedeutet, dass unser Team sie noch kurz prüft, bevor sie weiterbearbeitet wird.',
      'wird von unserem Team geprüft',
    ),
    13: status(
      (ref) =>
        `Zu Ihrer Bestellung ${ref} gibt es eine offene Zahlungsreklamation; unser Team meldet sich dazu bei Ihnen.`,
      'Das bedeutet, dass es eine offene Zahlungsreklamation gibt; unser Team meldet sich dazu bei Ihnen.',
      'offene Zahlungsreklamation',
    ),
    14: status(
      (ref) => `Ihre Bestellung ${ref} wurde teilweise erstattet.`,
      'Das bedeutet, dass ein Teil des Betrags erstattet wurde.',
      'teilweise erstattet',
    ),
  },
  statusLabelled: (ref, label) => `Ihre Bestellung ${ref} hat den Status ${DE.quote(label)}.`,
  statusUnknown: (ref, label) =>
    label
      ? `Ihre Bestellung ${ref} hat den Status ${DE.quote(label)}. Unser Team prüft, was das für Sie bedeutet, und meldet sich bei Ihnen.`
      : `Unser Team prüft den aktuellen Stand Ihrer Bestellung ${ref} und meldet sich bei Ihnen.`,

  shippedOn: (date) => `Sie wurde am ${date} versandt.`,
  singleShipment(carrier, date, partial) {
    if (!carrier && !date) return null;
    return `${partial ? 'Der versandte Teil wurde' : 'Sie wurde'}${date ? ` am ${date}` : ''}${carrier ? ` mit ${carrier}` : ''} verschickt.`;
  },
  shipmentCount: (count, partial) =>
    partial ? `Bisher wurden ${count} Sendungen verschickt.` : `Sie wurde in ${count} Sendungen verschickt.`,
  shipmentHeading: (index, count, carrier, date) =>
    `Sendung ${index} von ${count}${carrier || date ? ', verschickt' : ''}${date ? ` am ${date}` : ''}${carrier ? ` mit ${carrier}` : ''}:`,
  trackingNumber: (value) => `Sendungsnummer: ${value}`,
  trackingLink: (url) => `Sendungsverfolgung: ${url}`,
  shipmentItems: 'In dieser Sendung:',
  stillToShip: 'Noch nicht versandt:',
  option: (name, value) => `${name}: ${value}`,

  itemsIntro: (ref, date) => `Das haben Sie mit der Bestellung ${ref}${date ? ` vom ${date}` : ''} bestellt:`,
  itemsInOrder: (ref) => `Die Bestellung ${ref} enthält:`,
  total: (amount) => `Gesamtbetrag: ${amount}`,
  orderSummary(ref, date, total) {
    if (date && total) return `Die Bestellung ${ref} wurde am ${date} aufgegeben; der Gesamtbetrag beträgt ${total}.`;
    if (date) return `Die Bestellung ${ref} wurde am ${date} aufgegeben.`;
    return `Der Gesamtbetrag der Bestellung ${ref} beträgt ${total}.`;
  },
  recentOrdersIntro: 'Ihre anderen aktuellen Bestellungen:',
  recentOrderLine: (ref, date, status) => `${ref}${date ? ` vom ${date}` : ''}: ${status}`,

  placed: (ref, date) =>
    date ? `Ihre Bestellung ${ref} wurde am ${date} aufgegeben.` : `Ihre Bestellung ${ref} liegt uns vor.`,
  paymentReceived: (total) => (total ? `Ihre Zahlung über ${total} ist eingegangen.` : 'Ihre Zahlung ist eingegangen.'),
  paymentAuthorised: (total) =>
    total ? `Ihre Zahlung über ${total} wurde autorisiert.` : 'Ihre Zahlung wurde autorisiert.',
  paymentPending: (total) =>
    total ? `Ihre Zahlung über ${total} ist noch nicht bestätigt.` : 'Ihre Zahlung ist noch nicht bestätigt.',
  paymentDeclined: (ref) => `Die Zahlung für die Bestellung ${ref} wurde abgelehnt.`,
  paymentVoided: 'Die Zahlung für diese Bestellung wurde annulliert.',
  preparing: 'Wir bereiten sie gerade vor.',

  onFileIntro: 'Diese Daten haben wir für Sie hinterlegt:',
  guestIntro:
    'Unter dieser E-Mail-Adresse gibt es kein Kundenkonto; Ihre Bestellungen wurden als Gast aufgegeben. Ihre letzte Bestellung enthält diese Angaben:',
  field(field, value) {
    const labels = { name: 'Name', email: 'E-Mail', phone: 'Telefon', company: 'Firma', address: 'Adresse' };
    return `${labels[field]}: ${value}`;
  },
  phoneEnding: (lastDigits) => `endet auf ${lastDigits}`,
  howToUpdateAccount: (formal) =>
    formal
      ? 'Sie können diese Daten jederzeit in Ihrem Kundenkonto auf unserer Website ändern oder uns die Änderungen als Antwort auf diese E-Mail mitteilen.'
      : 'Sie können diese Daten jederzeit in Ihrem Kundenkonto auf unserer Website ändern – oder Sie antworten einfach mit den Änderungen, und wir helfen Ihnen.',
  howToUpdateGuest: (formal) =>
    formal
      ? 'Falls etwas geändert werden muss, antworten Sie bitte mit den korrekten Angaben auf diese E-Mail.'
      : 'Falls etwas geändert werden muss, antworten Sie einfach mit den korrekten Angaben, und wir helfen Ihnen.',
  noSensitiveData: 'Zu Ihrer Sicherheit geben wir Passwörter und Zahlungsdaten nie per E-Mail weiter.',

  noOrdersFound: 'Unter dieser E-Mail-Adresse konnten wir keine Bestellung finden.',
  unmatched: (refs, count) =>
    `Unter dieser E-Mail-Adresse konnten wir ${count > 1 ? 'die Bestellungen' : 'die Bestellung'} ${refs} nicht finden.`,
  askOrderDetails: (formal) =>
    formal
      ? 'Bitte teilen Sie uns Ihre Bestellnummer und die beim Bestellen verwendete E-Mail-Adresse mit, damit wir der Sache nachgehen können.'
      : 'Könnten Sie uns Ihre Bestellnummer und die E-Mail-Adresse nennen, die Sie beim Bestellen verwendet haben? Dann sehen wir gern nach.',
  teammateWillCheck: (formal) =>
    formal
      ? 'Ein Mitglied unseres Teams prüft die übrigen Angaben und meldet sich bei Ihnen.'
      : 'Jemand aus unserem Team prüft die übrigen Angaben und meldet sich bei Ihnen.',
  lookupFailed: (formal) =>
    formal
      ? 'Wir konnten Ihre Bestelldaten gerade nicht abrufen. Ein Mitglied unseres Teams prüft das und meldet sich bei Ihnen.'
      : 'Wir konnten Ihre Bestelldaten gerade nicht abrufen. Jemand aus unserem Team sieht nach und meldet sich bei Ihnen.',

  addressChangeReceived: (ref) =>
    `Wir haben notiert, dass Sie die Lieferadresse${ref ? ` der Bestellung ${ref}` : ''} ändern möchten. Unser Team prüft, ob das noch möglich ist, und meldet sich bei Ihnen.`,
  actionReceived(kind, ref) {
    if (kind === 'refund')
      return ref
        ? `Wir haben Ihre Erstattungsanfrage zur Bestellung ${ref} erhalten.`
        : 'Wir haben Ihre Erstattungsanfrage erhalten.';
    if (kind === 'cancel')
      return ref
        ? `Wir haben Ihre Bitte erhalten, die Bestellung ${ref} zu stornieren.`
        : 'Wir haben Ihre Bitte um Stornierung Ihrer Bestellung erhalten.';
    return ref
      ? `Wir haben Ihre Anfrage zur Rücksendung bzw. zum Umtausch von Artikeln aus der Bestellung ${ref} erhalten.`
      : 'Wir haben Ihre Anfrage zur Rücksendung bzw. zum Umtausch erhalten.';
  },
  actionReview: (formal) =>
    formal
      ? 'Unser Team wird Ihr Anliegen prüfen und Ihnen antworten.'
      : 'Unser Team prüft sie und meldet sich bei Ihnen.',
  otherAck: (tone) =>
    tone === 'formal'
      ? 'Vielen Dank für Ihre Nachricht. Ein Mitglied unseres Teams wird sie lesen und Ihnen antworten.'
      : tone === 'concise'
        ? 'Danke für Ihre Nachricht. Unser Team meldet sich bei Ihnen.'
        : 'Vielen Dank für Ihre Nachricht! Jemand aus unserem Team liest sie und meldet sich bei Ihnen.',

  nextStepShipped: (formal) =>
    formal
      ? 'Falls mit der Lieferung etwas nicht stimmt, antworten Sie bitte auf diese E-Mail; wir sehen uns das dann an.'
      : 'Falls mit der Lieferung etwas nicht stimmt, antworten Sie einfach auf diese E-Mail – wir sehen uns das an.',
  nextStepGeneral: (formal) =>
    formal
      ? 'Bei weiteren Fragen antworten Sie bitte auf diese E-Mail.'
      : 'Bei weiteren Fragen antworten Sie einfach auf diese E-Mail.',
  nextStepHelp: (formal) =>
    formal
      ? 'Wenn wir Ihnen bei dieser Bestellung mit etwas Bestimmtem helfen können, antworten Sie bitte auf diese E-Mail.'
      : 'Wenn wir Ihnen bei dieser Bestellung mit etwas Bestimmtem helfen können, antworten Sie einfach auf diese E-Mail.',
};
