/**
 * Sender authentication with real signatures and an offline DNS: messages DKIM-signed (and ARC-
 * sealed) with keys generated here, checked by mailauth against stub TXT records.
 */
import { sealMessage } from 'mailauth';
import { beforeAll, describe, expect, it } from 'vitest';
import { dkimKey, publishDomain, signed, stubDns, type StubDns, type TestDkimKey } from './testing.js';
import { authResultsHeaders, verifyProviderResults, verifySmtpSender } from './verify.js';

const MTA = 'snoooz.test';

function message(from = 'Jane Doe <jane@customer.example>', body = 'Where is my order #5114?'): Buffer {
  return Buffer.from(
    [
      `From: ${from}`,
      'To: support@shop.example',
      'Subject: Where is my order?',
      `Message-ID: <${Math.random().toString(36).slice(2)}@customer.example>`,
      'Date: Mon, 02 Mar 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n'),
  );
}

describe('verifySmtpSender (mailauth, stub DNS)', () => {
  let dns: StubDns;
  let customer: TestDkimKey;
  let google: TestDkimKey;
  let forwarder: TestDkimKey;
  beforeAll(() => {
    dns = stubDns();
    customer = dkimKey('customer.example');
    publishDomain(dns, customer);
    dns.txt('attacker.example', 'v=spf1 ip4:127.0.0.1 -all');
    google = dkimKey('google.com', 'arc-20240605');
    dns.txt(`${google.selector}._domainkey.google.com`, google.record);
    forwarder = dkimKey('forwarder.example', 'arc');
    dns.txt(`${forwarder.selector}._domainkey.forwarder.example`, forwarder.record);
  });

  const verify = (raw: Buffer, mailFrom: string, ip = '127.0.0.1') =>
    verifySmtpSender(
      raw,
      { from: mailFrom, remoteAddress: ip, helo: 'mx.sender.example' },
      { mta: MTA, resolver: dns.resolver },
    );

  it('verifies a message DKIM-signed by the From domain (DMARC pass through DKIM alignment)', async () => {
    const verdict = await verify(await signed(message(), customer), 'jane@customer.example');
    expect(verdict).toEqual({
      verified: true,
      method: 'smtp',
      spf: 'fail',
      dkim: 'pass',
      dmarc: 'pass',
      arc: 'none',
      reason: 'DMARC pass for customer.example',
      authservId: MTA,
    });
  });

  it('does not verify a forged From, even when the envelope sender passes SPF', async () => {
    const verdict = await verify(message(), 'bounce@attacker.example');
    expect(verdict).toMatchObject({
      verified: false,
      spf: 'pass',
      dkim: 'none',
      dmarc: 'fail',
      reason: 'DMARC fail for customer.example',
    });
  });

  // mailauth reports a body-hash mismatch as "neutral" (RFC 6376 permits either).
  it('does not verify a signed message whose body was changed after signing', async () => {
    const raw = Buffer.from(
      (await signed(message(), customer)).toString().replace('#5114', '#9999 and send it to my new address'),
    );
    expect(await verify(raw, 'jane@customer.example')).toMatchObject({
      verified: false,
      dkim: 'neutral',
      dmarc: 'fail',
    });
  });

  it('does not verify a domain without a DMARC record', async () => {
    const own = dkimKey('nodmarc.example');
    dns.txt(`${own.selector}._domainkey.nodmarc.example`, own.record);
    const verdict = await verify(await signed(message('Sam <sam@nodmarc.example>'), own), 'sam@nodmarc.example');
    expect(verdict).toMatchObject({ verified: false, dkim: 'pass', dmarc: 'none' });
    expect(verdict.reason).toBe('no DMARC result for nodmarc.example');
  });

  it('does not verify when DNS fails', async () => {
    const failing = async () => {
      throw Object.assign(new Error('queryTxt ETIMEOUT'), { code: 'ETIMEOUT' });
    };
    const verdict = await verifySmtpSender(
      await signed(message(), customer),
      { from: 'jane@customer.example', remoteAddress: '127.0.0.1', helo: 'x' },
      { mta: MTA, resolver: failing },
    );
    expect(verdict.verified).toBe(false);
  });

  /** Forwarded by `sealer`, which saw DMARC pass and then changed the body (a list footer). */
  async function forwardedBy(sealer: TestDkimKey): Promise<Buffer> {
    const original = await signed(message(), customer);
    const changed = Buffer.from(`${original.toString()}-- \r\nSent through the support forwarder\r\n`);
    const seal = await sealMessage(changed, {
      signingDomain: sealer.domain,
      selector: sealer.selector,
      privateKey: sealer.privateKey,
      authResults: `mx.${sealer.domain}; dkim=pass header.d=customer.example; spf=pass smtp.mailfrom=customer.example; dmarc=pass header.from=customer.example`,
      cv: 'none',
    } as Parameters<typeof sealMessage>[1]);
    return Buffer.concat([seal, changed]);
  }

  it('verifies forwarded mail whose DKIM broke when a trusted forwarder sealed DMARC pass (ARC)', async () => {
    const verdict = await verify(await forwardedBy(google), 'srs0=abc@forwarder.example', '192.0.2.10');
    expect(verdict).toMatchObject({ verified: true, dkim: 'neutral', dmarc: 'fail', arc: 'pass' });
    expect(verdict.reason).toBe('DMARC pass for customer.example, forwarded by google.com (ARC)');
  });

  it('does not take the word of an ARC sealer that is not on the trusted list', async () => {
    const verdict = await verify(await forwardedBy(forwarder), 'srs0=abc@forwarder.example', '192.0.2.10');
    expect(verdict).toMatchObject({ verified: false, arc: 'pass', dmarc: 'fail' });
  });
});

describe('verifyProviderResults (Authentication-Results of the mailbox provider)', () => {
  const GOOGLE_PASS =
    'Authentication-Results: mx.google.com;\r\n dkim=pass header.i=@customer.example header.s=s1;\r\n' +
    ' spf=pass (google.com: domain of jane@customer.example designates 192.0.2.1 as permitted sender) smtp.mailfrom=jane@customer.example;\r\n' +
    ' dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=customer.example\r\n';
  const MICROSOFT_PASS =
    'Authentication-Results: spf=pass (sender IP is 192.0.2.1)\r\n smtp.mailfrom=customer.example; dkim=pass (signature was verified)\r\n' +
    ' header.d=customer.example;dmarc=pass action=none\r\n header.from=customer.example;compauth=pass reason=100\r\n';
  const withHeaders = (...headers: string[]) => Buffer.concat([...headers.map((h) => Buffer.from(h)), message()]);
  const FROM = 'jane@customer.example';

  it('trusts the topmost header of the configured authserv-id (Google)', () => {
    expect(verifyProviderResults(withHeaders(GOOGLE_PASS), FROM, 'google')).toEqual({
      verified: true,
      method: 'provider',
      spf: 'pass',
      dkim: 'pass',
      dmarc: 'pass',
      arc: 'none',
      reason: 'DMARC pass for customer.example',
      authservId: 'mx.google.com',
    });
  });

  it('reads Microsoft 365 results, which carry no authserv-id, with the Microsoft preset', () => {
    expect(verifyProviderResults(withHeaders(MICROSOFT_PASS), FROM, 'microsoft')).toMatchObject({
      verified: true,
      dmarc: 'pass',
    });
    expect(verifyProviderResults(withHeaders(MICROSOFT_PASS), FROM, 'google').verified).toBe(false);
  });

  it('ignores headers from other authserv-ids and forged ones below the provider’s own', () => {
    const attacker = 'Authentication-Results: mx.attacker.example; dmarc=pass header.from=customer.example\r\n';
    expect(verifyProviderResults(withHeaders(attacker), FROM, 'google')).toMatchObject({
      verified: false,
      reason: 'no Authentication-Results from mx.google.com',
    });
    const providerFail =
      'Authentication-Results: mx.google.com; dmarc=fail (p=REJECT) header.from=customer.example\r\n';
    expect(verifyProviderResults(withHeaders(providerFail, GOOGLE_PASS), FROM, 'google')).toMatchObject({
      verified: false,
      reason: 'DMARC fail for customer.example',
    });
    const msFail =
      'Authentication-Results: spf=fail smtp.mailfrom=customer.example; dmarc=fail action=oreject header.from=customer.example\r\n';
    expect(verifyProviderResults(withHeaders(msFail, MICROSOFT_PASS), FROM, 'microsoft').verified).toBe(false);
  });

  it('requires the DMARC pass to be for the From domain', () => {
    const other = GOOGLE_PASS.replace('header.from=customer.example', 'header.from=attacker.example');
    expect(verifyProviderResults(withHeaders(other), FROM, 'google')).toMatchObject({
      verified: false,
      reason: 'DMARC passed for attacker.example, not customer.example',
    });
  });

  it('trusts nothing without a configured authserv-id, and accepts a custom one', () => {
    expect(verifyProviderResults(withHeaders(GOOGLE_PASS), FROM, null)).toMatchObject({
      verified: false,
      method: 'none',
      reason: 'no trusted authentication results',
    });
    const own = GOOGLE_PASS.replace('mx.google.com;', 'mx.shop.example 1;');
    expect(verifyProviderResults(withHeaders(own), FROM, 'mx.shop.example').verified).toBe(true);
  });

  it('lists Authentication-Results headers topmost first with their authserv-ids', () => {
    expect(authResultsHeaders(withHeaders(MICROSOFT_PASS, GOOGLE_PASS)).map((h) => h.authservId)).toEqual([
      null,
      'mx.google.com',
    ]);
  });
});
