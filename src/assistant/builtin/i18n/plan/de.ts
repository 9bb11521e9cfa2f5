import type { PlanPhrases } from './types.js';

export const DE_PLAN: PlanPhrases = {
  empathy(kind) {
    switch (kind) {
      case 'damaged':
        return 'Es tut uns sehr leid, dass Ihre Bestellung beschädigt angekommen ist.';
      case 'wrong_item':
        return 'Es tut uns sehr leid, dass Sie einen falschen Artikel erhalten haben.';
      case 'missing_item':
        return 'Es tut uns sehr leid, dass in Ihrem Paket etwas gefehlt hat.';
      case 'late':
        return 'Es tut uns leid, dass Sie warten müssen; wir verstehen, wie ärgerlich das ist.';
      case 'double_charge':
        return 'Wir verstehen die Sorge wegen einer doppelten Abbuchung, deshalb hier genau, was wir sehen.';
      case 'refund_wait':
        return 'Es tut uns leid, dass Sie auf Ihre Erstattung warten müssen.';
      case 'cancel_confusion':
        return 'Es tut uns leid, dass es bei Ihrer Bestellung Unklarheiten gab.';
      case 'worried':
        return 'Wir verstehen Ihre Sorge, deshalb hier genau, was wir sehen.';
      default:
        return 'Es tut uns leid für die Unannehmlichkeiten.';
    }
  },

  refundedFull: (ref, amount) =>
    `Laut unseren Unterlagen wurde die Bestellung ${ref} erstattet${amount ? `: insgesamt ${amount}` : ''}.`,
  refundedPartial: (ref, refunded, total) =>
    `Laut unseren Unterlagen gibt es für die Bestellung ${ref} eine Teilerstattung${refunded ? ` von ${refunded}` : ''}${total ? ` (Bestellsumme ${total})` : ''}.`,
  noRefund: (ref, status) =>
    `Für die Bestellung ${ref} sehen wir keine Erstattung; sie hat derzeit den Status: ${status}.`,
  refundNext: () =>
    'Falls der Betrag nicht auf Ihrem Kontoauszug erscheint, antworten Sie einfach auf diese E-Mail, dann sehen wir nach.',

  cancelledShown: (ref) => `Die Bestellung ${ref} ist in unserem System als storniert vermerkt.`,
  cancelReasonHandoff: () =>
    'Den Grund für die Stornierung sehen wir hier nicht; ein Teammitglied prüft das und meldet sich bei Ihnen.',
  notCancelled: (ref, status) => `Die Bestellung ${ref} ist nicht storniert; sie hat derzeit den Status: ${status}.`,

  cancelShipped: (ref, date, carrier) =>
    `Die Bestellung ${ref} wurde bereits${date ? ` am ${date}` : ''}${carrier ? ` mit ${carrier}` : ''} versandt und kann daher vor der Zustellung nicht mehr storniert werden. Ein Teammitglied hilft Ihnen nach Erhalt gern bei der Rücksendung.`,
  addressShipped: (ref, date, carrier) =>
    `Die Bestellung ${ref} wurde bereits${date ? ` am ${date}` : ''}${carrier ? ` mit ${carrier}` : ''} versandt, daher können wir die Lieferadresse nicht mehr ändern. Ein Teammitglied klärt mit Ihnen, was noch möglich ist.`,
  alreadyCancelled: (ref) => `Die Bestellung ${ref} ist bereits als storniert vermerkt.`,
  alreadyRefunded: (ref, amount) =>
    `Die Bestellung ${ref} ist bereits als erstattet vermerkt${amount ? ` (${amount})` : ''}.`,
  alreadyPartlyRefunded: (ref, amount) =>
    `Für die Bestellung ${ref} gibt es bereits eine Teilerstattung${amount ? ` von ${amount}` : ''}; ein Teammitglied prüft den Rest Ihrer Anfrage.`,
  currentlyShows: (status) => `Sie hat derzeit den Status: ${status}.`,

  invoiceHandoff: (ref) =>
    `Ein Teammitglied schickt Ihnen eine Kopie der Rechnung${ref ? ` zur Bestellung ${ref}` : ''}.`,
  otherRequest: (ref) =>
    `Wir haben Ihre Anfrage${ref ? ` zur Bestellung ${ref}` : ''} notiert; ein Teammitglied kümmert sich darum und meldet sich bei Ihnen.`,
  refundedAmount: (amount) => `Erstatteter Betrag: ${amount}`,
  shippingCost: (amount) => `Versandkosten: ${amount}`,
  otherHandoff: () => 'Auf Ihre weitere Frage antwortet Ihnen ein Teammitglied.',
  complaintHandoff: () => 'Ein Teammitglied kümmert sich darum und meldet sich mit den nächsten Schritten bei Ihnen.',
  photoRequest: () =>
    'Wenn möglich, schicken Sie uns bitte ein Foto des Artikels und der Verpackung; so können wir das schneller klären.',

  detailsWithheld: (fields) =>
    `Zum Schutz Ihrer Daten senden wir Ihre ${fields} nicht per E-Mail; Sie sehen sie jederzeit, wenn Sie sich in Ihrem Kundenkonto auf unserer Website anmelden.`,
  fieldName: (field) => (field === 'phone' ? 'Telefonnummer' : 'Adresse'),

  oneOrderSeen: (ref, date, total) =>
    `Wir sehen eine Bestellung unter Ihrer E-Mail-Adresse: ${ref}${date ? ` vom ${date}` : ''}${total ? ` über ${total}` : ''}.`,
  manyOrdersSeen: (count) => `Wir sehen ${count} Bestellungen aus demselben Zeitraum unter Ihrer E-Mail-Adresse:`,
  orderLine: (ref, date, total, status) => `- ${ref}${date ? `, ${date}` : ''}${total ? `, ${total}` : ''}: ${status}`,

  inStock: (name) => `Gute Nachricht: ${name} ist derzeit auf Lager.`,
  outOfStock: (name) => `${name} ist derzeit leider nicht auf Lager.`,
  preorder: (name) => `${name} kann vorbestellt werden.`,
  notOrderable: (name) => `${name} kann derzeit nicht bestellt werden.`,
  noRestockDate: 'Einen Termin für die Wiederverfügbarkeit kann ich Ihnen leider nicht nennen.',
  productNotFound: () =>
    'Dieses Produkt habe ich in unserem Katalog nicht gefunden; ein Teammitglied prüft das und meldet sich bei Ihnen.',

  thanksReply: () => 'Vielen Dank für Ihre Rückmeldung, das freut uns sehr!',
  agentLanguageNote: (detected, reply) =>
    `The customer wrote in ${detected}; the built-in composer replied in ${reply}.`,
};
