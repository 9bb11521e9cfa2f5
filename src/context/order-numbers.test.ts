import { describe, expect, it } from 'vitest';
import { extractOrderNumbers } from './order-numbers.js';

describe('extractOrderNumbers', () => {
  it.each([
    // English
    ['Where is my order #1234?', [1234]],
    ['Hi, about order 1234 please', [1234]],
    ['order no. 1234 has not arrived', [1234]],
    ['Order No 1234', [1234]],
    ['order number: 1234', [1234]],
    ['My order number is 5114.', [5114]],
    ['Order ID: 100245', [100245]],
    ['ORDER#777', [777]],
    ['Re: Your order #5114 has shipped', [5114]],
    ['orders #1234 and #1235 are late', [1234, 1235]],
    ['orders 1234, 1235 and 1236', [1234, 1235, 1236]],
    ['#1234 (same as order 1234)', [1234]],
    ['Order-Nr. 4711', [4711]],
    // German
    ['Wo ist meine Bestellung 1234?', [1234]],
    ['Bestellnummer: 98765', [98765]],
    ['Bestell-Nr. 4711', [4711]],
    ['Bestellung Nr. 4711 ist beschädigt', [4711]],
    ['Meine Bestellungen 1234 und 1235', [1234, 1235]],
    ['Auftragsnummer 20031', [20031]],
    // Spanish
    ['¿Dónde está mi pedido 1234?', [1234]],
    ['pedido nº 1234', [1234]],
    ['número de pedido 5678', [5678]],
    ['n.º de pedido: 5678', [5678]],
    ['Tengo un problema con el nº 4321', [4321]],
    // French
    ['Où est ma commande 1234 ?', [1234]],
    ['numéro de commande : 1234', [1234]],
    ['n° de commande 8080', [8080]],
    ['Commande n° 8081 reçue cassée', [8081]],
    ['commande n°8082', [8082]],
    // Portuguese / Italian neighbours
    ['a minha encomenda 3456', [3456]],
    ["l'ordine 3457 non è arrivato", [3457]],
  ])('finds the number in %j', (text, expected) => {
    expect(extractOrderNumbers(text)).toEqual(expected);
  });

  it.each([
    // Years and dates
    ['I ordered on March 3, 2026 and nothing came', []],
    ['Bestellung vom 3. März 2026', []],
    ['commande du 12 mars 2026', []],
    ['pedido del 3 de marzo de 2026', []],
    ['order placed 2026-03-04', []],
    ['order 12/05/2026', []],
    // Phone numbers and zip codes
    ['Call me on +1 555 123 4567 about the order', []],
    ['order #555-1234', []],
    ['please ship the order to 78701 Austin', []],
    ['Bestellung an 10115 Berlin', []],
    // Prices and money
    ['the order total was $1234', []],
    ['order 1234.50 was charged', []],
    ['pedido 1200 € cobrado dos veces', []],
    ['order 250 USD', []],
    // Quantities and the verb "to order"
    ['I want to order 200 more', []],
    ['We would like to order 300 shirts', []],
    ['order 150 units of the towel', []],
    ['order 100x', []],
    ['commande 300 pièces', []],
    ['Bestellung 500 Stück', []],
    ['pedido 200 unidades', []],
    // Street and room numbers, HTML entities, other hashes
    ['Apt #123, Springfield', []],
    ['Suite #400', []],
    ['&#1234; is an entity', []],
    ['colour #123abc', []],
    ['We are #1 in town', []],
    // Too short, too long, bare numbers
    ['order 12', []],
    ['order 12345678901', []],
    ['my reference 123456', []],
    ['time order at 10:30', []],
    ['', []],
  ])('finds nothing in %j', (text, expected) => {
    expect(extractOrderNumbers(text)).toEqual(expected);
  });

  it('keeps the order of first appearance and drops duplicates', () => {
    expect(extractOrderNumbers('#300 then order 200? no: #300 and Bestellung 100')).toEqual([300, 200, 100]);
  });

  it('rejects ids beyond 32 bits', () => {
    expect(extractOrderNumbers('#2147483648')).toEqual([]);
    expect(extractOrderNumbers('#2147483647')).toEqual([2147483647]);
  });

  it('stays fast on long runs of filler', () => {
    const text = `order${' '.repeat(50_000)}x ${'order no. '.repeat(5_000)}`;
    const started = performance.now();
    expect(extractOrderNumbers(text)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
