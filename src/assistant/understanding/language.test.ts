import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';

describe('detectLanguage', () => {
  it.each([
    ["Hi, where's my stuff? I ordered two weeks ago.", 'en'],
    ['Did my card go through?', 'en'],
    ['#5114?', 'en'],
    ['', 'en'],
    ['Hola, ¿dónde está mi pedido? Todavía no me ha llegado.', 'es'],
    ['hola donde esta mi pedido', 'es'],
    ['Quiero devolver las zapatillas, la talla no es correcta.', 'es'],
    ['Hallo, wo bleibt meine Bestellung? Ich habe noch nichts erhalten.', 'de'],
    ['Die Größe passt nicht, ich möchte es umtauschen.', 'de'],
    ['Bonjour, où est ma commande ? Je n’ai toujours rien reçu.', 'fr'],
    ["Je voudrais un remboursement s'il vous plaît.", 'fr'],
    ['bonjour je n ai pas recu mon colis', 'fr'],
  ] as const)('%s → %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it('counts the subject: a German reply prefix tips a short body', () => {
    expect(detectLanguage('AW: Bestellung 5114\nDanke!')).toBe('de');
  });

  it('English stays the default on a tie', () => {
    expect(detectLanguage('Order 5114 tracking UPS')).toBe('en');
  });
});
