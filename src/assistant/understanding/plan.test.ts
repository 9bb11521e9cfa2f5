import { describe, expect, it } from 'vitest';
import { buildPlan } from './plan.js';

const NOW = new Date('2026-12-02T15:00:00Z');
const plan = (text: string, subject = '') =>
  buildPlan({ subject, text, fromEmail: 'a@example.com', fromName: null }, NOW);
const kinds = (text: string, subject = '') => plan(text, subject).items.map((i) => `${i.type}/${i.topic}`);

describe('answer plan', () => {
  it.each([
    ['Has my refund for order #5021 gone through yet?', 'status_question/refund'],
    ["I still haven't received my refund, it's been two weeks.", 'status_question/refund'],
    ['I never got the money back for the mug I returned.', 'status_question/refund'],
    ['¿Ya me han reembolsado el pedido? No he recibido el reembolso.', 'status_question/refund'],
    ['Ich habe die Erstattung nie erhalten.', 'status_question/refund'],
    ["Je n'ai jamais reçu le remboursement.", 'status_question/refund'],
    ['Why was my order cancelled? I never cancelled it!', 'status_question/cancel'],
    ['¿Por qué se canceló mi pedido? Yo no lo cancelé.', 'status_question/cancel'],
  ])('a question about what already happened is a status question: %s', (text, kind) => {
    expect(kinds(text)).toContain(kind);
    expect(kinds(text).filter((k) => k.startsWith('action_request'))).toEqual([]);
  });

  it.each([
    ['Please refund me for order 5021, it is not what I wanted.', 'action_request/refund'],
    ['Can you cancel order #5118 please?', 'action_request/cancel'],
    ['I would like to return the boots, they are too small.', 'action_request/return'],
  ])('a request is a request: %s', (text, kind) => {
    expect(kinds(text)).toContain(kind);
  });

  it('a negated request is nothing: "I do not want to cancel, just asking when it ships"', () => {
    expect(kinds("I don't want to cancel anything, I'm only asking when order 5120 ships.")).toEqual([
      'status_question/status',
    ]);
  });

  it('keeps every question of one email, in order', () => {
    expect(kinds('Where is my order #5021? Also could you send me a copy of the invoice?')).toEqual([
      'status_question/status',
      'information_request/invoice',
    ]);
  });

  it('keeps numbered questions on one topic apart, and a statement on it is only context', () => {
    const p = plan(
      'I got a "payment declined" message on my card.\n1. Did the PayPal one go through?\n2. Is the declined attempt going to charge me?',
    );
    expect(p.items.map((i) => `${i.type}/${i.topic}`)).toEqual(['status_question/payment', 'status_question/payment']);
  });

  it('joins hard-wrapped lines into one sentence', () => {
    const p = plan('Could you tell me what phone number\nand address you have on file for me?');
    expect(p.items.map((i) => i.topic)).toEqual(['customer_info']);
    expect(p.items[0]?.asks).toEqual(expect.arrayContaining(['phone', 'address']));
  });

  it('reads complaints and feelings', () => {
    const p = plan('The lamp arrived completely smashed. This is unacceptable.');
    expect(p.items.map((i) => `${i.type}/${i.topic}`)).toContain('complaint/damaged');
    expect(p.feeling).toBe('upset');
  });

  it('reads dates, amounts and "both orders" for choosing orders', () => {
    const p = plan('Where are both orders? The $84.50 one I placed last week especially.');
    expect(p.allOrders).toBe(true);
    expect(p.amounts).toEqual(['84.50']);
    expect(p.dateRanges.length).toBeGreaterThan(0);
  });

  it('a language we do not speak is reported, and still understood roughly', () => {
    const p = plan('Buongiorno, non ho ancora ricevuto il rimborso per il mio ordine. Potete controllare?');
    expect(p.unsupportedLanguage).toBe(true);
    expect(p.detectedLanguage).toBe('it');
    expect(p.language).toBe('en');
    expect(p.items.map((i) => i.topic)).toContain('refund');
  });

  it.each([
    ['Two boxes came already. Is anything still left to come on order 7001?', 'status_question/items'],
    ['What am I still waiting for on this one?', 'status_question/items'],
    ["got the lamp on friday, where's the rest of my stuff", 'status_question/items'],
  ])('asking what is still to come is an items question: %s', (text, kind) => {
    expect(kinds(text)).toContain(kind);
  });

  it('a remedy question after a complaint belongs to the complaint; without one it is a question', () => {
    expect(kinds('The vase arrived shattered. What are you going to do about it?')).toEqual(['complaint/damaged']);
    expect(kinds('What are you going to do about the new catalogue?')).toEqual(['information_request/other']);
  });

  it('a question taken back is dropped: "Is that machine washable? Never mind, I found it."', () => {
    expect(kinds('Has order 7002 shipped? Is the throw machine washable? Never mind, I found it on the site.')).toEqual(
      ['status_question/status'],
    );
  });

  it('offering a return inside a complaint is no request of its own; asking for one is', () => {
    expect(
      kinds('You sent a blue teapot instead of the green one. Happy to send it back if you email a label.'),
    ).toEqual(['complaint/wrong_item']);
    expect(kinds('I would like to return the teapot, please.')).toEqual(['action_request/return']);
    expect(kinds('Please confirm by return email that the order is on its way.')).not.toContain(
      'action_request/return',
    );
  });

  it('"cancel X and refund me for it" is one cancellation; "I cancelled it" keeps the wish', () => {
    expect(kinds('Please cancel the lantern from order 7003 and refund me for it.')).toEqual(['action_request/cancel']);
    expect(kinds('I cancelled the lamp through the chat yesterday, is my refund coming?')).toContain(
      'action_request/cancel',
    );
  });

  it.each([
    ['Oops, I used my old address on order 7004. Can it go to 18 Birch Road instead?'],
    ['Me equivoqué y puse la dirección antigua en el pedido.'],
    ["J'ai mis l'ancienne adresse sur ma commande."],
  ])('an address change said indirectly is an address change: %s', (text) => {
    expect(kinds(text)).toContain('action_request/address_change');
  });

  it('an address change only the subject states is one', () => {
    expect(kinds('Here is the new one: 4 Elm St, Dayton OH.', 'Address change for my order')).toContain(
      'action_request/address_change',
    );
  });

  it('"why??" answering a cancellation notice asks about the cancellation', () => {
    expect(kinds('why?? I never asked for that', 'Re: Your order 7005 has been cancelled')).toContain(
      'status_question/cancel',
    );
  });

  it('an invoice mentioned in passing is not asked for; "my account" alone is not a details question', () => {
    expect(kinds('The email might have been just a receipt. Did my payment go through?')).not.toContain(
      'information_request/invoice',
    );
    expect(kinds('I can see the charge on my account. Has order 7006 shipped?')).not.toContain(
      'information_request/customer_info',
    );
    expect(kinds('Which phone number do you have on my account?')).toContain('information_request/customer_info');
  });

  it('praise by comparison is no complaint; an idiom is no anger', () => {
    expect(
      kinds('The planter is much sturdier than the cheap ones that always crack. Has order 7007 shipped?'),
    ).toEqual(['status_question/status']);
    expect(plan('My sister is terrible at keeping secrets. Where is order 7008?').feeling).toBeNull();
  });

  it("a product named in the store's words is looked up as a name; a follow-up statement naming one joins the stock question", () => {
    const p = plan('¿Tienen la tetera de hierro? (Cast Iron Teapot Large) en la web sale agotada.');
    const stock = p.items.find((i) => i.topic === 'stock');
    expect(stock?.productNames).toEqual([['cast', 'iron', 'teapot', 'large']]);
  });

  it('in languages we do not speak: a missing thing, a wish for a replacement, a shipping question next to others', () => {
    expect(kinds('Hallo, de lamp zat er niet bij in het pakket. Komt die nog?')).toContain('complaint/missing_item');
    expect(kinds('Hej, vasen er knust. Jeg vil gerne have en ny vase i stedet.')).toContain('action_request/return');
    const zh = kinds(
      '你好，我上周五在你们网站下单买了两个陶瓷花盆，订单号7009，已经付款了，但是一直没有收到发货通知。请问什么时候发货？另外这是公司采购，麻烦帮我开一张发票，谢谢！',
    );
    expect(zh).toContain('status_question/status');
    expect(zh).toContain('information_request/invoice');
    expect(
      kinds(
        '先週注文した木製のまな板（注文番号7010）について質問です。カードから代金はもう引き落としされましたか？明細にまだ何も出ていません。よろしくお願いいたします。',
      ),
    ).toContain('status_question/payment');
  });
});

describe('readings added from held-out mail', () => {
  it.each([
    ['Où en sont mes commandes ? Aucune nouvelle depuis lundi.', 'status_question/status'],
    ['Mes deux colis, ils en sont où ?', 'status_question/status'],
    ['when will the lanterns get here? need them by friday', 'status_question/status'],
    ['When do my boots arrive?', 'status_question/status'],
    [
      'Me dijeron que me iban a devolver el dinero del pedido 7001. ¿Ya está hecho el reembolso?',
      'status_question/refund',
    ],
    ['Est-ce que le remboursement a bien été fait ? Et de combien ?', 'status_question/refund'],
    [
      'En el pedido 7002 puse mal el número de apartamento, es el 3A. ¿Lo pueden corregir?',
      'action_request/address_change',
    ],
    ['I put the wrong apartment number on order 7003, it should be 12B.', 'action_request/address_change'],
    ['Box came today but there is no bottle opener in it, just the candles.', 'complaint/missing_item'],
    ['Are the juniper incense cones ever coming back?', 'product_question/stock'],
  ])('%s', (text, kind) => {
    expect(kinds(text)).toContain(kind);
  });

  it('money given back is a refund, not a return', () => {
    expect(kinds('¿Cuándo me van a devolver el dinero del pedido 7001? Ya está hecho el reembolso?')).not.toContain(
      'action_request/return',
    );
    expect(kinds('Quiero devolver las botas, me quedan pequeñas.')).toContain('action_request/return');
  });

  it('"coming back" about a person or a parcel is no stock question', () => {
    expect(kinds("Is the courier coming back tomorrow? I wasn't home.")).not.toContain('product_question/stock');
  });

  it('worry outranks mild impatience, anger does not', () => {
    expect(plan('did it go through?? kind of freaking out').feeling).toBe('worried');
    expect(plan('This is ridiculous and I am worried, where is it??').feeling).toBe('upset');
  });
});

describe('languages we do not speak: a few more topic words', () => {
  it.each([
    [
      'Dzień dobry, co dokładnie zamówiłam w zamówieniu 7004? Nie pamiętam, co było w koszyku.',
      'status_question/items',
    ],
    ['Buongiorno, cosa ho ordinato esattamente con l’ordine 7004? Non ricordo più niente.', 'status_question/items'],
    ['Hallo, wat heb ik precies besteld bij bestelling 7004? Ik ben de bevestiging kwijt.', 'status_question/items'],
    ['Hej! Har ni de blå muggarna i lager igen? Jag vill köpa två stycken till jul.', 'product_question/stock'],
    ['Dobrý den, chtěl bych se zeptat, jestli už peníze za ty nůžky odešly a kolik to bylo.', 'status_question/refund'],
    [
      'Hoi, ik heb de lamp teruggestuurd. Wanneer krijg ik mijn geld terug voor bestelling 7005?',
      'status_question/refund',
    ],
  ])('%s', (text, kind) => {
    const p = plan(text);
    expect(p.unsupportedLanguage).toBe(true);
    expect(p.items.map((i) => `${i.type}/${i.topic}`)).toContain(kind);
  });
});
