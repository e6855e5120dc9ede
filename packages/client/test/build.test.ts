/**
 * The published form: tsconfig.build.json emits ESM + .d.ts, and the package (package.json
 * `exports` + dist/) works where it will be used — imported by name in plain Node, without tsx,
 * running a real identification; and type-checked by a TypeScript consumer without @types/node.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestGateway, type TestGateway } from '../../../test/helpers/gateway.ts';
import { runNode, type ProcessResult } from '../../../test/helpers/run-node.ts';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const TSC = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));

/** Plain node: no tsx loader, whatever the test runner was started with. */
function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<ProcessResult> {
  return runNode(args, { ...options, unset: ['NODE_OPTIONS'] });
}

let gw: TestGateway;
let consumerDir: string;

before(async () => {
  gw = await startTestGateway({ simulator: { okDelayMs: 0 } });
  consumerDir = await mkdtemp(join(tmpdir(), 'eidgate-client-'));
  const installed = join(consumerDir, 'node_modules', '@eidgate', 'client');
  await mkdir(installed, { recursive: true });
  const build = await run([TSC, '-p', join(PACKAGE_DIR, 'tsconfig.build.json'), '--outDir', join(installed, 'dist')]);
  assert.equal(build.code, 0, build.stdout + build.stderr);
  await copyFile(join(PACKAGE_DIR, 'package.json'), join(installed, 'package.json'));
});

after(async () => {
  await gw.close();
  await rm(consumerDir, { recursive: true, force: true });
});

test('the build emits JavaScript and declarations for every module', async () => {
  const files = await readdir(join(consumerDir, 'node_modules', '@eidgate', 'client', 'dist'));
  for (const module of ['index', 'client', 'mobile', 'errors', 'transport']) {
    assert.ok(files.includes(`${module}.js`), `${module}.js missing`);
    assert.ok(files.includes(`${module}.d.ts`), `${module}.d.ts missing`);
  }
});

test('plain Node imports @eidgate/client by name and identifies a person', async () => {
  await writeFile(join(consumerDir, 'consumer.mjs'), `
    import { EidgateClient, isEidgateError } from '@eidgate/client';
    const client = new EidgateClient({ baseUrl: process.env.GATEWAY_URL, accessToken: process.env.GATEWAY_TOKEN });
    const identity = await client.mobile.identify({ phone: '+37269000366', code: '60001017705' });
    const refused = await client.mobile.identify({ phone: '+37201100266', code: '60001019950' }).catch((e) => e);
    console.log(JSON.stringify({ surname: identity.surname, refused: isEidgateError(refused) && refused.kind }));
  `);
  const result = await run(['consumer.mjs'], { cwd: consumerDir, env: { GATEWAY_URL: gw.url, GATEWAY_TOKEN: gw.token } });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { surname: 'TESTNUMBER', refused: 'refused' });
});

test('a TypeScript consumer without @types/node gets the types through package.json exports', async () => {
  await writeFile(join(consumerDir, 'consumer.ts'), `
    import { EidgateClient, isEidgateError, type Identity, type EidgateErrorKind } from '@eidgate/client';
    const client = new EidgateClient({ baseUrl: '/api/eidgate', locale: 'lt' });
    export async function run(): Promise<string> {
      try {
        const identity: Identity = await client.mobile.identify({ phone: '+37269000366', code: '60001017705' });
        return identity.certificate.issuer.commonName ?? '';
      } catch (error) {
        const kind: EidgateErrorKind | undefined = isEidgateError(error) ? error.kind : undefined;
        return kind ?? 'unknown';
      }
    }
    // @ts-expect-error: fails to compile only if the declarations are real (not any)
    export const wrong: number = client.mobile;
  `);
  await writeFile(join(consumerDir, 'tsconfig.json'), JSON.stringify({
    // skipLibCheck keeps this fast (lib.dom); a declaration that failed to resolve would turn into
    // `any`, which the @ts-expect-error above catches.
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: [], lib: ['ES2022', 'DOM'] },
    files: ['consumer.ts'],
  }));
  const check = await run([TSC, '-p', consumerDir]);
  assert.equal(check.code, 0, check.stdout + check.stderr);
});
