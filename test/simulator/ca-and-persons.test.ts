/**
 * The test CA kept in a directory and exported for a gateway's trust directory, and persons added
 * from a file or options.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PersonsFileError, loadPersonsFile, parsePersons } from '../../src/simulator/persons.ts';
import { startSimulator } from '../../src/simulator/server.ts';
import { CaDirectoryError, openCaDirectory } from '../../src/simulator/test-ca.ts';
import { RP, certificateOf, post, runSession } from './helpers.ts';

const temp = () => mkdtemp(join(tmpdir(), 'sim-ca-'));

test('a CA directory is created when empty, then loaded with the same certificates and working keys', async () => {
  const dir = await temp();
  const created = await openCaDirectory(dir);
  assert.equal((await readdir(dir)).length, 6);
  const loaded = await openCaDirectory(dir);
  for (const name of ['TEST of ESTEID-SK 2015', 'TEST of EID-SK 2016'] as const) {
    assert.equal(loaded.issuing[name].certificate.toString('pem'), created.issuing[name].certificate.toString('pem'));
  }
  assert.equal(loaded.root.certificate.toString('pem'), created.root.certificate.toString('pem'));

  // A simulator on the directory issues person certificates that chain to what the directory holds.
  const sim = await startSimulator({ okDelayMs: 0, caDir: dir });
  try {
    const esteid = new X509Certificate(created.issuing['TEST of ESTEID-SK 2015'].certificate.toString('pem'));
    const answer = await post(sim.url, '/certificate', { ...RP, phoneNumber: '+37200000766', nationalIdentityNumber: '60001019906' });
    assert.ok(certificateOf(answer.body.cert).verify(esteid.publicKey));
  } finally {
    await sim.close();
  }
});

test('a half-present or inconsistent CA directory is refused, never silently replaced', async () => {
  const dir = await temp();
  await openCaDirectory(dir);
  const esteidKey = join(dir, 'esteid-sk-2015.key.pem');
  await rm(esteidKey);
  await assert.rejects(openCaDirectory(dir), (error: Error) => error instanceof CaDirectoryError && /esteid-sk-2015\.key\.pem/.test(error.message));
  assert.equal((await readdir(dir)).length, 5, 'nothing was replaced');
  // Another CA's key in its place.
  await writeFile(esteidKey, await readFile(join(dir, 'eid-sk-2016.key.pem')));
  await assert.rejects(openCaDirectory(dir), (error: Error) => error instanceof CaDirectoryError && /does not belong/.test(error.message));
});

test('export writes the issuing CAs and the root under SK\'s file names; pems() gives the issuing CAs', async () => {
  const sim = await startSimulator({ okDelayMs: 0 });
  try {
    const dir = await temp();
    await sim.ca.exportTo(dir);
    assert.deepEqual((await readdir(dir)).sort(), [
      'TEST_of_EE_Certification_Centre_Root_CA.pem.crt', 'TEST_of_EID-SK_2016.pem.crt', 'TEST_of_ESTEID-SK_2015.pem.crt',
    ]);
    const exported = new X509Certificate(await readFile(join(dir, 'TEST_of_ESTEID-SK_2015.pem.crt')));
    const root = new X509Certificate(await readFile(join(dir, 'TEST_of_EE_Certification_Centre_Root_CA.pem.crt')));
    assert.ok(exported.verify(root.publicKey) && root.verify(root.publicKey));
    assert.deepEqual(sim.ca.pems().map((pem) => new X509Certificate(pem).fingerprint256).sort(),
      [exported, new X509Certificate(await readFile(join(dir, 'TEST_of_EID-SK_2016.pem.crt')))].map((c) => c.fingerprint256).sort());
    const status = await runSession(sim.url, 'authentication', { phoneNumber: '+37200000766', nationalIdentityNumber: '60001019906' });
    assert.ok(certificateOf(status.body.cert).verify(exported.publicKey));
  } finally {
    await sim.close();
  }
});

test('persons from a file: defaults, every field, and a person replacing a demo row', async () => {
  const dir = await temp();
  const file = join(dir, 'persons.json');
  await writeFile(file, JSON.stringify({ persons: [
    { phone: '+37255500001', code: '38001085718', givenName: 'JÜRI', surname: 'ÕUNAPUU' },
    { phone: '+37060000001', code: '39001010002', givenName: 'JONAS', surname: 'PETRAITIS', keyType: 'rsa', outcome: 'USER_CANCELLED' },
    { phone: '+37255500002', code: '48001010003', givenName: 'ANU', surname: 'SAAR', country: 'EE', issuer: 'TEST of EID-SK 2016', outcome: 'PHONE_ABSENT', midClient: false },
    { phone: '+37200000766', code: '60001019906', givenName: 'MARY ÄNN', surname: 'O’CONNEŽ-ŠUSLIK TESTNUMBER', outcome: 'SIM_ERROR' },
  ] }));
  const persons = await loadPersonsFile(file);
  assert.deepEqual(persons[0], { phone: '+37255500001', code: '38001085718', givenName: 'JÜRI', surname: 'ÕUNAPUU', country: 'EE', outcome: 'OK', keyType: 'ec', issuer: 'TEST of ESTEID-SK 2015', midClient: true });
  assert.deepEqual([persons[1]!.country, persons[1]!.issuer, persons[1]!.keyType], ['LT', 'TEST of EID-SK 2016', 'rsa']);

  const sim = await startSimulator({ okDelayMs: 0, persons });
  try {
    const juri = { phoneNumber: '+37255500001', nationalIdentityNumber: '38001085718' };
    const ok = await runSession(sim.url, 'authentication', juri);
    assert.equal(ok.body.result, 'OK');
    assert.ok(certificateOf(ok.body.cert).subject.includes('GN=JÜRI'));
    const jonas = { phoneNumber: '+37060000001', nationalIdentityNumber: '39001010002' };
    assert.equal((await runSession(sim.url, 'authentication', jonas)).body.result, 'USER_CANCELLED');
    const jonasCert = certificateOf((await post(sim.url, '/certificate', { ...RP, ...jonas })).body.cert);
    assert.equal(jonasCert.publicKey.asymmetricKeyType, 'rsa');
    assert.ok(jonasCert.subject.includes('serialNumber=PNOLT-39001010002'));
    const anu = { phoneNumber: '+37255500002', nationalIdentityNumber: '48001010003' };
    assert.equal((await post(sim.url, '/certificate', { ...RP, ...anu })).body.result, 'NOT_FOUND');
    assert.equal((await runSession(sim.url, 'authentication', anu)).body.result, 'NOT_MID_CLIENT');
    assert.equal((await runSession(sim.url, 'authentication', { phoneNumber: '+37200000766', nationalIdentityNumber: '60001019906' })).body.result, 'SIM_ERROR');
    assert.equal(sim.persons.length, 18 + 3);
  } finally {
    await sim.close();
  }
});

test('a persons file with a mistake is refused with the entry and field named', async () => {
  const base = { phone: '+37255500001', code: '38001085718', givenName: 'A', surname: 'B' };
  const cases: [unknown, RegExp][] = [
    [{}, /array of persons/],
    [[{ ...base, phone: '5550001' }], /persons\[0\]: "phone"/],
    [[base, { ...base, code: '123' }], /persons\[1\]: "code"/],
    [[{ ...base, givenName: '' }], /"givenName" must be a non-empty string/],
    [[{ ...base, outcome: 'CANCELLED' }], /"outcome" must be one of/],
    [[{ ...base, keyType: 'dsa' }], /"keyType"/],
    [[{ ...base, issuer: 'ESTEID-SK 2015' }], /"issuer"/],
    [[{ ...base, country: 'LV' }], /"country"/],
    [[{ ...base, midClient: 'yes' }], /"midClient"/],
    [[{ ...base, nickname: 'x' }], /unknown field "nickname"/],
  ];
  for (const [json, message] of cases) assert.throws(() => parsePersons(json), (error: Error) => error instanceof PersonsFileError && message.test(error.message));
  const dir = await temp();
  await writeFile(join(dir, 'bad.json'), '{ not json');
  await assert.rejects(loadPersonsFile(join(dir, 'bad.json')), PersonsFileError);
});
