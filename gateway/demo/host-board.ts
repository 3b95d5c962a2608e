// Builds the C host board (firmware-bridge/host) for a model, for the demo's virtual boards.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '../..');
export const FIRMWARE_BRIDGE = join(ROOT, 'firmware-bridge');
/** The demo's own binary: never clobbers build/host (the e2e tests' board). */
export const DEMO_BOARD_BIN = join(FIRMWARE_BRIDGE, 'build/demo/gunshot-board');

/**
 * The folder holding a model's generated firmware sources: `<dir>/export` of a model folder, or `dir`
 * itself when it is such a folder (e.g. firmware-bridge/build/test-export).
 */
export function firmwareExportDir(modelDir: string): string {
  for (const d of [join(modelDir, 'export'), modelDir]) {
    if (existsSync(join(d, 'gunshot_model.c')) && existsSync(join(d, 'mfcc_tables.c'))) return resolve(d);
  }
  throw new Error(`--model ${modelDir}: neither ${join(modelDir, 'export')} nor ${modelDir} holds gunshot_model.c + mfcc_tables.c; ` +
    `export the model (\`gunshot-edge export --model ${modelDir}\`) or use the random test export ` +
    `(\`make -C firmware-bridge host-test\`, then --model firmware-bridge/build/test-export)`);
}

/** The 16-hex model hash compiled into the board (GE_MODEL_HASH_INIT in gunshot_model.h), or undefined. */
export function exportModelHash(exportDir: string): string | undefined {
  const h = join(exportDir, 'gunshot_model.h');
  if (!existsSync(h)) return undefined;
  const m = /GE_MODEL_HASH_INIT\s*\{([^}]*)\}/.exec(readFileSync(h, 'utf8'));
  const bytes = m?.[1].match(/0x[0-9a-fA-F]{2}/g);
  return bytes && bytes.length >= 8 ? bytes.slice(0, 8).map((b) => b.slice(2).toLowerCase()).join('') : undefined;
}

/** `make -C firmware-bridge host MODEL_DIR=… HOST_BIN=…` (incremental); resolves with the binary path. */
export async function buildHostBoard(exportDir: string, bin = DEMO_BOARD_BIN): Promise<string> {
  try {
    await promisify(execFile)('make', ['-s', '-C', FIRMWARE_BRIDGE, 'host', `MODEL_DIR=${exportDir}`, `HOST_BIN=${bin}`], { maxBuffer: 16 << 20 });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`building the host board for ${exportDir} failed: ${(e.stderr || e.stdout || e.message).trim().slice(-2000)}`);
  }
  return bin;
}
