/**
 * Over real sockets, gateway + simulator, on SQLite and on PostgreSQL: every demo test number ends
 * in the final status and error code of the contract's table.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASES, postJson, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { verificationCode } from '../../src/mobileid/verification-code.ts';

const OK_FIELDS = ['status', 'country', 'certificate', 'code', 'token', 'control_code', 'name', 'surname', 'sanctions_data', 'peps_data'];
const CERTIFICATE_FIELDS = ['name', 'subject', 'issuer', 'valid_from', 'valid_to', 'value'];

/** mid-rest.md's table: phone, code, expected final wire outcome. */
const TEST_NUMBERS: { phone: string; code: string; expect: { ok: true; name: string; surname: string; country: string; issuer: string } | { error: number; atLogin?: boolean } }[] = [
  { phone: '+37200000766', code: '60001019906', expect: { ok: true, name: 'MARY ÄNN', surname: 'O’CONNEŽ-ŠUSLIK TESTNUMBER', country: 'EE', issuer: 'TEST of ESTEID-SK 2015' } },
  { phone: '+37269000366', code: '60001017705', expect: { ok: true, name: 'TEN', surname: 'TESTNUMBER', country: 'EE', issuer: 'TEST of ESTEID-SK 2015' } },
  { phone: '+37269100366', code: '60001017716', expect: { ok: true, name: 'ONE', surname: 'TESTNUMBER', country: 'EE', issuer: 'TEST of ESTEID-SK 2015' } },
  { phone: '+37268000769', code: '60001017869', expect: { ok: true, name: 'EID2016', surname: 'TESTNUMBER', country: 'EE', issuer: 'TEST of EID-SK 2016' } },
  { phone: '+37200001566', code: '39901019992', expect: { ok: true, name: 'RSA', surname: 'TESTNUMBER', country: 'EE', issuer: 'TEST of ESTEID-SK 2015' } },
  { phone: '+37060000666', code: '50001018865', expect: { ok: true, name: 'LT', surname: 'TESTNUMBER', country: 'LT', issuer: 'TEST of EID-SK 2016' } },
  { phone: '+37200000266', code: '60001019939', expect: { error: 40401, atLogin: true } },
  { phone: '+37200000366', code: '60001019928', expect: { error: 40401, atLogin: true } },
  { phone: '+37207110066', code: '60001019947', expect: { error: 50002 } },
  { phone: '+37201100266', code: '60001019950', expect: { error: 40020 } },
  { phone: '+37200000666', code: '60001019961', expect: { error: 40403 } },
  { phone: '+37201200266', code: '60001019972', expect: { error: 50001 } },
  { phone: '+37213100266', code: '60001019983', expect: { error: 50002 } },
  { phone: '+37266000266', code: '50001018908', expect: { error: 40021 } },
  { phone: '+37060000266', code: '50001018832', expect: { error: 40401, atLogin: true } },
  { phone: '+37061100266', code: '50001018854', expect: { error: 40020 } },
  { phone: '+37061200266', code: '50001018876', expect: { error: 50001 } },
  { phone: '+37066000266', code: '50001018908', expect: { error: 40021 } },
  // Any other valid pair: not a Mobile-ID user.
  { phone: '+37255555555', code: '37605030299', expect: { error: 40401, atLogin: true } },
];

async function finalStatus(gw: TestGateway, token: string, locale = ''): Promise<{ status: number; contentType: string | null; body: any }> {
  for (let i = 0; i < 20; i++) {
    const r = await postJson(`${gw.url}${locale}/mobile/status/${token}.json`, { access_token: gw.token, wait: 5 });
    if (r.body.status !== 'waiting') return r;
  }
  throw new Error('session did not end');
}

for (const database of DATABASES) {
  describe(`identification flows (${database})`, () => {
    let gw: TestGateway;
    before(async () => {
      gw = await startTestGateway({ database, simulator: { userTimeoutMs: 300 } });
    });
    after(() => gw.close());

    for (const row of TEST_NUMBERS) {
      test(`${row.phone} / ${row.code} → ${'ok' in row.expect ? 'ok' : row.expect.error}`, async () => {
        const login = await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, phone: row.phone, code: row.code });
        assert.equal(login.contentType, 'application/json');
        if ('error' in row.expect && row.expect.atLogin) {
          assert.equal(login.status, Math.floor(row.expect.error / 100));
          assert.deepEqual(Object.keys(login.body), ['status', 'message', 'error_code']);
          assert.equal(login.body.error_code, row.expect.error);
          return;
        }
        assert.equal(login.status, 200, JSON.stringify(login.body));
        assert.deepEqual(Object.keys(login.body), ['status', 'certificate', 'code', 'token', 'control_code']);
        assert.equal(login.body.code, row.code);
        assert.match(login.body.control_code, /^\d{4}$/);
        assert.deepEqual(Object.keys(login.body.certificate), CERTIFICATE_FIELDS);

        const stored = await gw.gateway.store.db.selectFrom('sessions').select(['hash']).where('token', '=', login.body.token).executeTakeFirstOrThrow();
        assert.equal(login.body.control_code, verificationCode(Buffer.from(stored.hash, 'base64')));

        const final = await finalStatus(gw, login.body.token);
        assert.equal(final.contentType, 'application/json');
        if ('ok' in row.expect) {
          assert.equal(final.status, 200, JSON.stringify(final.body));
          assert.deepEqual(Object.keys(final.body), OK_FIELDS);
          assert.equal(final.body.status, 'ok');
          assert.equal(final.body.name, row.expect.name);
          assert.equal(final.body.surname, row.expect.surname);
          assert.equal(final.body.country, row.expect.country);
          assert.equal(final.body.code, row.code);
          assert.equal(final.body.token, login.body.token);
          assert.equal(final.body.control_code, login.body.control_code);
          assert.deepEqual(final.body.sanctions_data, []);
          assert.deepEqual(final.body.peps_data, []);
          const cert = final.body.certificate;
          assert.deepEqual(Object.keys(cert), CERTIFICATE_FIELDS);
          assert.equal(cert.subject.serial_number, `PNO${row.expect.country}-${row.code}`);
          assert.equal(cert.subject.name, row.expect.name);
          assert.equal(cert.subject.surname, row.expect.surname);
          assert.equal(cert.issuer.common_name, row.expect.issuer);
          // The status certificate is the AUTHENTICATION certificate, not the signing one of the login answer.
          assert.notEqual(cert.value, login.body.certificate.value);
        } else {
          assert.equal(final.status, Math.floor(row.expect.error / 100));
          assert.deepEqual(final.body, { status: 'error', message: final.body.message, error_code: row.expect.error });
          assert.ok(final.body.message.length > 0);
        }
      });
    }
  });
}
