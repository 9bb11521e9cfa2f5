import { describe, expect, it } from 'vitest';
import type { Intent, Language } from '../types.js';
import { detectIntent } from './intent.js';

const STATUS_OR_SHIPPING: Intent[] = ['order_status', 'shipping_tracking'];

type Case = readonly [text: string, expected: Intent | Intent[]];

function check(language: Language, cases: readonly Case[]): void {
  it.each(cases)('%s', (text, expected) => {
    const intent = detectIntent(text, language);
    if (Array.isArray(expected)) expect(expected).toContain(intent);
    else expect(intent).toBe(expected);
  });
}

describe('detectIntent: English', () => {
  check('en', [
    ["Where's my stuff?", STATUS_OR_SHIPPING],
    ["I still haven't received my order.", STATUS_OR_SHIPPING],
    ['Where is my order #5114?', STATUS_OR_SHIPPING],
    ['What is the status of my order?', 'order_status'],
    ['Can you send me the tracking number?', 'shipping_tracking'],
    ['Has it shipped yet?', 'shipping_tracking'],
    ['When will my package arrive?', 'shipping_tracking'],
    ['What did I order last month? I forgot.', 'order_items'],
    ["What's in my order?", 'order_items'],
    ['Did my card go through?', 'payment_status'],
    ['Was my order placed? I never got a confirmation.', 'payment_status'],
    ['I was charged but not sure the payment worked', 'payment_status'],
    ['What email and phone do you have on file for me?', 'customer_info'],
    ['Please update my phone number', 'customer_info'],
    ['I have a question about my order 5114', 'order_help'],
    ['Order #5114', 'order_help'],
    ['I want a refund.', 'refund_request'],
    ['Where is my refund?', 'refund_request'],
    ['Please cancel my order, I ordered by mistake.', 'cancel_request'],
    ['The shoes are the wrong size, can I exchange them?', 'return_request'],
    ['Wrong size', 'return_request'],
    ['The vase arrived damaged.', 'return_request'],
    ['How do I send it back?', 'return_request'],
    ['Do you sell gift cards?', 'other'],
    ['Thanks!', 'other'],
  ]);
});

describe('detectIntent: Spanish', () => {
  check('es', [
    ['¿Dónde está mi pedido?', STATUS_OR_SHIPPING],
    ['Todavía no me ha llegado el paquete.', STATUS_OR_SHIPPING],
    ['¿Me pueden dar el número de seguimiento?', 'shipping_tracking'],
    ['¿Cuál es el estado de mi pedido?', 'order_status'],
    ['¿Qué pedí la semana pasada?', 'order_items'],
    ['¿Se realizó el pago? No sé si pasó mi tarjeta.', 'payment_status'],
    ['¿Qué correo tienen en mis datos? Quiero actualizar mi teléfono.', 'customer_info'],
    ['Quiero un reembolso.', 'refund_request'],
    ['Quiero cancelar mi pedido.', 'cancel_request'],
    ['La talla es incorrecta, quiero cambiarla por otra talla.', 'return_request'],
    ['Quiero devolver las zapatillas.', 'return_request'],
    ['El jarrón llegó roto.', 'return_request'],
    ['¿Venden tarjetas regalo?', 'other'],
  ]);
});

describe('detectIntent: German', () => {
  check('de', [
    ['Wo bleibt meine Bestellung?', STATUS_OR_SHIPPING],
    ['Ich habe mein Paket noch nicht erhalten.', STATUS_OR_SHIPPING],
    ['Können Sie mir die Sendungsnummer schicken?', 'shipping_tracking'],
    ['Wie ist der Status meiner Bestellung?', 'order_status'],
    ['Was habe ich eigentlich bestellt?', 'order_items'],
    ['Ist meine Zahlung durchgegangen? Die Karte wurde belastet.', 'payment_status'],
    ['Welche Daten haben Sie von mir hinterlegt?', 'customer_info'],
    ['Ich möchte eine Rückerstattung.', 'refund_request'],
    ['Bitte stornieren Sie meine Bestellung.', 'cancel_request'],
    ['Die Größe passt nicht, ich möchte die Schuhe umtauschen.', 'return_request'],
    ['Wie kann ich den Artikel zurückschicken?', 'return_request'],
    ['Die Vase kam kaputt an.', 'return_request'],
    ['Haben Sie auch Gutscheine?', 'other'],
  ]);
});

describe('detectIntent: French', () => {
  check('fr', [
    ['Où est ma commande ?', STATUS_OR_SHIPPING],
    ["Je n'ai toujours pas reçu mon colis.", STATUS_OR_SHIPPING],
    ['Pouvez-vous me renvoyer le numéro de suivi ?', 'shipping_tracking'],
    ['Quel est le statut de ma commande ?', 'order_status'],
    ["Qu'est-ce que j'ai commandé exactement ?", 'order_items'],
    ['Est-ce que mon paiement est bien passé ? Ma carte a été débitée.', 'payment_status'],
    ['Quelles informations avez-vous sur moi ? Je veux modifier mon e-mail.', 'customer_info'],
    ['Je voudrais être remboursé.', 'refund_request'],
    ['Je souhaite annuler ma commande.', 'cancel_request'],
    ["Mauvaise taille, je voudrais l'échanger.", 'return_request'],
    ['Comment retourner un article ?', 'return_request'],
    ['Le vase est arrivé cassé.', 'return_request'],
    ['Vendez-vous des cartes cadeaux ?', 'other'],
  ]);
});

describe('detectIntent: tricky mixes', () => {
  it('a refund request that mentions tracking is a refund request', () => {
    expect(detectIntent('The tracking says delivered but nothing came. I want a refund.', 'en')).toBe('refund_request');
    expect(detectIntent('Laut Sendungsverfolgung zugestellt, ich will mein Geld zurück.', 'de')).toBe('refund_request');
    expect(detectIntent('El seguimiento dice entregado pero no llegó, quiero un reembolso.', 'es')).toBe(
      'refund_request',
    );
    expect(detectIntent('Le suivi indique livré mais rien reçu, je veux un remboursement.', 'fr')).toBe(
      'refund_request',
    );
  });

  it('a cancellation that asks whether it shipped is a cancellation', () => {
    expect(detectIntent('Has it shipped yet? If not please cancel it.', 'en')).toBe('cancel_request');
  });

  it('a return for a refund is a return', () => {
    expect(detectIntent("I'd like to return the jacket for a refund.", 'en')).toBe('return_request');
  });

  it('a negated action does not count', () => {
    expect(detectIntent("I don't want to cancel, I just want to know when it ships.", 'en')).toBe('shipping_tracking');
    expect(detectIntent('No quiero cancelar, solo saber cuándo llega.', 'es')).toBe('shipping_tracking');
    expect(detectIntent('Ich möchte nicht stornieren, nur wissen, wann es kommt.', 'de')).toBe('shipping_tracking');
    expect(detectIntent('Je ne veux pas annuler, je veux juste savoir quand je vais recevoir le colis.', 'fr')).toBe(
      'shipping_tracking',
    );
  });

  it('a parcel returned to sender is not a return request', () => {
    expect(detectIntent('My package was returned to sender, where is it now?', 'en')).toBe('shipping_tracking');
  });

  it('a late refund is still a refund request, not negated', () => {
    expect(detectIntent("I haven't received my refund yet.", 'en')).toBe('refund_request');
    expect(detectIntent("Je n'ai pas reçu mon remboursement.", 'fr')).toBe('refund_request');
  });

  it('English loanwords count in other languages', () => {
    expect(detectIntent('Hallo, haben Sie einen Tracking-Link?', 'de')).toBe('shipping_tracking');
  });

  it('detects the language itself when none is given', () => {
    expect(detectIntent('¿Dónde está mi pedido?')).toBe('shipping_tracking');
  });
});
