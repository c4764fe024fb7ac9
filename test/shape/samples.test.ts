import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ROOT, fixture, runHar } from '../helpers/cli.js';

const SAMPLES = join(ROOT, 'samples');
const samples = existsSync(SAMPLES)
  ? readdirSync(SAMPLES)
      .filter((name) => name.endsWith('.har'))
      .map((name) => join(SAMPLES, name))
  : [];
const inputs = [...samples, fixture('dictknife-jqfpy', 'sample.har'), fixture('dictknife-jqfpy', 'small.json'), fixture('shape', 'nested.json')];
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
/** One folder per tsc check below it, all removed when the file's tests end. */
const scratch = mkdtempSync(join(tmpdir(), 'harknife-ts-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let checks = 0;

test('samples/ holds real captures to check', () => {
  assert.ok(samples.length >= 1, 'no samples/*.har');
});

for (const file of inputs) {
  const name = file.slice(ROOT.length);
  for (const expand of [false, true]) {
    // The fixtures that are not HARs are shaped as any JSON.
    const flags = [...(file.endsWith('.har') ? [] : ['--any-json']), ...(expand ? ['--expand-json'] : [])];
    test(`${name}${expand ? ' --expand-json' : ''}: the JSON Schema compiles under ajv (2020-12) and validates its own input`, async () => {
      const result = await runHar(['shape', '--format', 'schema', ...flags, file]);
      assert.equal(result.code, 0, result.stderr);
      const schema = JSON.parse(result.stdout) as Record<string, unknown>;
      assert.equal(schema['$schema'], 'https://json-schema.org/draft/2020-12/schema');
      const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
      const validate = ajv.compile(schema);
      const valid = validate(JSON.parse(readFileSync(file, 'utf8')));
      assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 3)));
    });

    test(`${name}${expand ? ' --expand-json' : ''}: the TypeScript declarations pass tsc --noEmit --strict`, async () => {
      const result = await runHar(['shape', '--format', 'ts', ...flags, file]);
      assert.equal(result.code, 0, result.stderr);
      const dir = join(scratch, String(checks++));
      mkdirSync(dir);
      writeFileSync(join(dir, 'shape.ts'), result.stdout);
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
      // The generated file must also accept the input it came from.
      writeFileSync(join(dir, 'data.json'), readFileSync(file));
      writeFileSync(
        join(dir, 'check.ts'),
        "import type { Root } from './shape.js';\nimport data from './data.json' with { type: 'json' };\nexport const checked: Root = data;\n",
      );
      const tsc = spawnSync(
        TSC,
        ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--resolveJsonModule', '--target', 'es2022', 'shape.ts', 'check.ts'],
        { cwd: dir, encoding: 'utf8' },
      );
      assert.equal(tsc.status, 0, `${tsc.stdout}${tsc.stderr}`);
    });
  }
}
