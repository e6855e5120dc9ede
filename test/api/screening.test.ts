/**
 * Screening through the API: an identified person on a loaded list carries the match with its
 * score and explanation; a person not on it carries []; a check whose kind has no list → 50004.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postJson, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { ListsRepository } from '../../src/screening/lists-repository.ts';
import { importDemoWatchlist } from '../../src/screening/demo-watchlist.ts';

const MARY = { phone: '+37200000766', code: '60001019906' };
const TEN = { phone: '+37269000366', code: '60001017705' };

const SANCTIONS_FIELDS = ['id', 'reference', 'first_name', 'last_name', 'full_name', 'date_of_birth', 'place_of_birth', 'aka', 'gender', 'document_number', 'country_of_origin', 'type_sdn_or_entity', 'name_of_the_list', 'date_of_publication', 'date_of_publication_of_the_list', 'search_created_at', 'associates', 'image_url', 'date_of_death'];
const PEP_FIELDS = ['id', 'reference', 'first_name', 'last_name', 'full_name', 'political_position', 'associates', 'aka', 'date_of_birth', 'place_of_birth', 'gender', 'country_of_origin', 'country_of_activity', 'search_created_at', 'date_of_death'];

async function identify(gw: TestGateway, person: typeof MARY, checks: { sanctions?: boolean; peps?: boolean }) {
  const login = await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, ...person, ...checks });
  if (login.status !== 200) return login;
  return postJson(`${gw.url}/en/mobile/status/${login.body.token}.json`, { access_token: gw.token, wait: 10 });
}

describe('screening through the API (demo watchlist loaded)', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ seed: async (store) => { await importDemoWatchlist(new ListsRepository(store)); } });
  });
  after(() => gw.close());

  test('a person on both lists carries a sanctions and a PEP match with score and explanation', async () => {
    const r = await identify(gw, MARY, { sanctions: true, peps: true });
    assert.equal(r.body.status, 'ok', JSON.stringify(r.body));
    assert.equal(r.body.sanctions_data.length, 1);
    assert.equal(r.body.peps_data.length, 1);
    const [sanction] = r.body.sanctions_data;
    const [pep] = r.body.peps_data;
    for (const field of SANCTIONS_FIELDS) assert.ok(field in sanction, `sanctions record lacks ${field}`);
    for (const field of PEP_FIELDS) assert.ok(field in pep, `PEP record lacks ${field}`);
    for (const record of [sanction, pep]) {
      assert.ok(record.score > 0 && record.score <= 1, String(record.score));
      assert.ok(Array.isArray(record.explanation) && record.explanation.length > 0);
    }
    assert.equal(sanction.name_of_the_list, 'demo-sanctions');
    assert.equal(sanction.date_of_birth, '2000-01-01');
    assert.match(pep.political_position, /Harbour Authority/);
  });

  test('only the requested kinds are screened', async () => {
    const r = await identify(gw, MARY, { peps: true });
    assert.equal(r.body.status, 'ok');
    assert.deepEqual(r.body.sanctions_data, []);
    assert.equal(r.body.peps_data.length, 1);
  });

  test('a person on no list carries []', async () => {
    const r = await identify(gw, TEN, { sanctions: true, peps: true });
    assert.equal(r.body.status, 'ok');
    assert.deepEqual(r.body.sanctions_data, []);
    assert.deepEqual(r.body.peps_data, []);
  });
});

describe('screening without lists fails closed', () => {
  let gw: TestGateway;
  before(async () => { gw = await startTestGateway(); });
  after(() => gw.close());

  for (const kind of ['sanctions', 'peps'] as const) {
    test(`${kind}: true with no ${kind} list → 50004 at login, in both locales`, async () => {
      const en = await postJson(`${gw.url}/en/mobile/login.json`, { access_token: gw.token, ...TEN, [kind]: true });
      assert.equal(en.status, 500);
      assert.equal(en.body.error_code, 50004);
      assert.match(en.body.message, kind === 'sanctions' ? /no sanctions list is loaded/ : /no PEP list is loaded/);
      const lt = await postJson(`${gw.url}/mobile/login.json`, { access_token: gw.token, ...TEN, [kind]: true });
      assert.equal(lt.body.error_code, 50004);
      assert.match(lt.body.message, kind === 'sanctions' ? /sankcijų/ : /PEP/);
    });
  }

  test('without checks the same person is identified', async () => {
    const r = await identify(gw, TEN, {});
    assert.equal(r.body.status, 'ok');
  });
});
