// What a user sees when something is wrong: bad invocations of every command, through the real CLI binary
// (bin/gunshot-edge.js). Each must print one line `gunshot-edge <command>: …` naming the file / field / flag,
// exit 2 for a usage error and 1 otherwise, print no stack frame, and stay under 1 KB of stderr.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { classify, UserError } from '../../cli/errors.ts';
import { toySet } from '../helpers/toy-set.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/gunshot-edge.js');

interface Run { code: number | null; stderr: string }

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DEBUG: '', ...env },
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
  });
}

/** Runs `jobs` at most `n` at a time (each CLI start is ~1 s of tsx and module loading). */
async function pool<T>(jobs: (() => Promise<T>)[], n: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  }));
  return out;
}

interface Case {
  /** The command line after `gunshot-edge`; `$T` is the fixture folder. */
  args: string[];
  exit: 1 | 2;
  /** The command the line starts with (`gunshot-edge data synth`). */
  command: string;
  /** Substrings the error line must contain: the offending file / field / flag and what was expected. */
  names: string[];
}

const T = mkdtempSync(join(tmpdir(), 'gse-cli-'));
const t = (p: string) => join(T, p);

const CASES: Case[] = [
  // the command line itself
  { args: ['frobnicate'], exit: 2, command: 'gunshot-edge', names: ["unknown command 'frobnicate'"] },
  { args: ['trian'], exit: 2, command: 'gunshot-edge', names: ["unknown command 'trian'", 'train'] },
  { args: ['--frobnicate'], exit: 2, command: 'gunshot-edge', names: ["unknown option '--frobnicate'"] },
  { args: ['data', 'synth'], exit: 2, command: 'gunshot-edge data synth', names: ['--out', 'not specified'] },
  { args: ['data', 'synth', '--out'], exit: 2, command: 'gunshot-edge data synth', names: ['--out', 'argument missing'] },
  { args: ['data', 'synth', '--out', t('s'), '--clips', 'many'], exit: 2, command: 'gunshot-edge data synth', names: ['--clips', 'number', 'many'] },
  { args: ['data', 'synth', '--out', t('s'), '--positive-ratio', '2'], exit: 1, command: 'gunshot-edge data synth', names: ['positiveRatio', '0.001..0.999', '2'] },
  // data
  { args: ['data', 'disturb', '--csv', t('no-label.csv'), '--audio-dir', t('audio'), '--out', t('d')], exit: 1, command: 'gunshot-edge data disturb', names: [t('no-label.csv'), "missing column 'Label'"] },
  { args: ['data', 'disturb', '--csv', t('ok.csv'), '--audio-dir', t('audio'), '--out', t('d'), '--per-snr', 'many'], exit: 2, command: 'gunshot-edge data disturb', names: ['--per-snr', "'each-kind' or 'one'", 'many'] },
  { args: ['data', 'split', '--csv', t('bad-label.csv'), '--test-folds', '0', '--out', t('sp')], exit: 1, command: 'gunshot-edge data split', names: [`${t('bad-label.csv')}:2`, "Label 'Maybe'", 'True or False'] },
  { args: ['data', 'split', '--csv', t('ok.csv'), '--test-folds', 'x', '--out', t('sp')], exit: 2, command: 'gunshot-edge data split', names: ['--test-folds', 'number', "'x'"] },
  { args: ['data', 'debian', '--out', t('deb'), '--manifest', t('missing.json')], exit: 1, command: 'gunshot-edge data debian', names: [t('missing.json'), 'no such file'] },
  { args: ['data', 'debian', '--out', t('deb'), '--packages', 'no-such-pkg'], exit: 1, command: 'gunshot-edge data debian', names: ["'no-such-pkg'", '--packages', 'known:'] },
  // features
  { args: ['features', '--wav', t('missing.wav')], exit: 1, command: 'gunshot-edge features', names: [t('missing.wav'), 'missing file'] },
  { args: ['features', '--wav', t('not-a.wav')], exit: 1, command: 'gunshot-edge features', names: [t('not-a.wav'), 'truncated'] },
  { args: ['features', '--wav', t('toy/audio/toy-0.wav'), '--spec', t('bad-spec.json')], exit: 1, command: 'gunshot-edge features', names: ['sampleRateHz', '1000..192000', t('bad-spec.json')] },
  // train, crossval
  { args: ['train', '--out', t('m')], exit: 2, command: 'gunshot-edge train', names: ['--data', '--tiny'] },
  { args: ['train', '--data', t('ok.csv'), '--epochs', '0'], exit: 2, command: 'gunshot-edge train', names: ['--epochs', '1..1000', "'0'"] },
  { args: ['train', '--data', t('ok.csv'), '--imbalance', 'magic'], exit: 2, command: 'gunshot-edge train', names: ['--imbalance', 'class-weights', "'magic'"] },
  { args: ['train', '--data', t('missing.csv'), '--out', t('m'), '--epochs', '1'], exit: 1, command: 'gunshot-edge train', names: [t('missing.csv'), 'not found'] },
  { args: ['crossval', '--corpus', t('ok.csv'), '--hold-out', 'a,b', '--out', t('cv')], exit: 2, command: 'gunshot-edge crossval', names: ['--hold-out', "'a'"] },
  { args: ['crossval', '--corpus', t('ok.csv'), '--hold-out', '0', '--hold-out', '1', '--epochs', 'ten', '--out', t('cv')], exit: 2, command: 'gunshot-edge crossval', names: ['--epochs', '1..1000', "'ten'"] },
  // eval, export, vectors
  { args: ['eval', '--model', '/nonexistent', '--csv', t('ok.csv'), '--audio-dir', t('audio')], exit: 1, command: 'gunshot-edge eval', names: ['/nonexistent/meta.json', 'not found', 'model.json'] },
  { args: ['eval', '--model', 'models/tiny', '--csv', t('bad-label.csv'), '--audio-dir', t('audio')], exit: 1, command: 'gunshot-edge eval', names: [`${t('bad-label.csv')}:2`, "Label 'Maybe'"] },
  { args: ['eval', '--model', 'models/tiny', '--csv', t('ok.csv'), '--audio-dir', t('audio'), '--disturbed-audio-dir', t('audio')], exit: 2, command: 'gunshot-edge eval', names: ['--disturbed-audio-dir', '--disturbed-csv'] },
  { args: ['export', '--model', t('empty-model')], exit: 1, command: 'gunshot-edge export', names: [`${t('empty-model')}/meta.json`, 'not found'] },
  { args: ['export', '--model', 'models/tiny', '--out', t('x'), '--calibration-windows', '-3'], exit: 2, command: 'gunshot-edge export', names: ['--calibration-windows', '1..100000', '-3'] },
  { args: ['vectors', '--model', 'models/tiny', '--csv', t('ok.csv'), '--audio-dir', t('audio'), '--out', t('v'), '--max-clips', '0'], exit: 2, command: 'gunshot-edge vectors', names: ['--max-clips', '1..100000'] },
  // gateway, verify, demo
  { args: ['gateway'], exit: 2, command: 'gunshot-edge gateway', names: ['--port', '--discover'] },
  { args: ['gateway', '--port', '/dev/null', '--http-port', '99999'], exit: 2, command: 'gunshot-edge gateway', names: ['httpPort', '0..65535', '99999'] },
  { args: ['gateway', '--config', t('gateway-unknown.json'), '--port', '/dev/null'], exit: 1, command: 'gunshot-edge gateway', names: ['unknown field "nope"', t('gateway-unknown.json')] },
  { args: ['gateway', '--mqtt', 'http://broker:1883'], exit: 2, command: 'gunshot-edge gateway', names: ['mqtt.url', 'mqtt://', '"http://broker:1883"'] },
  { args: ['gateway', '--mqtt-group', 'g1'], exit: 2, command: 'gunshot-edge gateway', names: ['--mqtt-group', '--mqtt URL'] },
  { args: ['gateway', '--mqtt', 'mqtt://127.0.0.1:1', '--http-port', '0', '--db', t('refused.db')], exit: 1, command: 'gunshot-edge gateway', names: ['MQTT broker mqtt://127.0.0.1:1', 'refused the gateway', 'ECONNREFUSED'] },
  { args: ['gateway', '--config', t('not-json.txt')], exit: 1, command: 'gunshot-edge gateway', names: [t('not-json.txt'), 'not valid JSON'] },
  { args: ['verify', '--port', t('no-such-tty'), '--model', 'models/tiny', '--csv', t('toy/toy.csv'), '--audio-dir', t('toy/audio')], exit: 1, command: 'gunshot-edge verify', names: [t('no-such-tty')] },
  { args: ['verify', '--model', 'models/tiny', '--csv', t('ok.csv'), '--audio-dir', t('audio'), '--baud', '7'], exit: 2, command: 'gunshot-edge verify', names: ['--baud', '300..4000000', '7'] },
  { args: ['demo', '--boards', '99'], exit: 2, command: 'gunshot-edge demo', names: ['--boards', '1..16', '99'] },
  { args: ['demo', '--model', t('empty-model')], exit: 2, command: 'gunshot-edge demo', names: ['--model', t('empty-model'), 'gunshot-edge export'] },
];

describe('gunshot-edge: bad invocations (through bin/gunshot-edge.js)', function () {
  this.timeout(300_000);
  const results = new Map<Case, Run>();
  let debugRun: Run;
  let debugEnvRun: Run;

  before(async () => {
    mkdirSync(t('audio'), { recursive: true });
    mkdirSync(t('empty-model'), { recursive: true });
    writeFileSync(t('ok.csv'), 'slice_file_name,ID,fold,Label\na.wav,1,0,True\n');
    writeFileSync(t('no-label.csv'), 'slice_file_name,ID,fold\na.wav,1,0\n');
    writeFileSync(t('bad-label.csv'), 'slice_file_name,ID,fold,Label\na.wav,1,0,Maybe\n');
    writeFileSync(t('not-a.wav'), 'hello\n');
    writeFileSync(t('bad-spec.json'), '{"sampleRateHz": -5}\n');
    writeFileSync(t('gateway-unknown.json'), '{"nope": 1}\n');
    writeFileSync(t('not-json.txt'), 'not json\n');
    await toySet(t('toy'), 'toy', 2, 'cli');
    const jobs = [
      ...CASES.map((c) => () => runCli(c.args)),
      () => runCli(['eval', '--debug', '--model', '/nonexistent', '--csv', t('ok.csv'), '--audio-dir', t('audio')]),
      () => runCli(['eval', '--model', '/nonexistent', '--csv', t('ok.csv'), '--audio-dir', t('audio')], { DEBUG: 'gunshot-edge' }),
    ];
    const runs = await pool(jobs, Math.max(2, Math.min(6, availableParallelism() * 2)));
    CASES.forEach((c, i) => results.set(c, runs[i]));
    [debugRun, debugEnvRun] = runs.slice(CASES.length);
  });

  after(() => rmSync(T, { recursive: true, force: true }));

  it('covers every command with at least 20 cases', () => {
    expect(CASES.length).to.be.at.least(20);
    const covered = new Set(CASES.map((c) => c.command));
    for (const cmd of ['data synth', 'data disturb', 'data split', 'data debian', 'features', 'train', 'crossval', 'eval', 'export', 'vectors', 'gateway', 'verify', 'demo']) {
      expect(covered, cmd).to.include(`gunshot-edge ${cmd}`);
    }
  });

  for (const c of CASES) {
    it(`gunshot-edge ${c.args.join(' ').replaceAll(T, '$T')} → exit ${c.exit}`, () => {
      const r = results.get(c)!;
      const shown = `stderr:\n${r.stderr}`;
      const lines = r.stderr.trimEnd().split('\n');
      const errorLine = lines[lines.length - 1];
      expect(r.code, shown).to.equal(c.exit);
      expect(Buffer.byteLength(r.stderr), shown).to.be.below(1024);
      expect(lines.filter((l) => /^\s+at\s/.test(l)), shown).to.deep.equal([]);
      // One error line, the last; lines before it are progress (e.g. "backend: wasm (SIMD)").
      expect(lines.filter((l) => /^gunshot-edge[ :]/.test(l)), shown).to.deep.equal([errorLine]);
      expect(errorLine.startsWith(`${c.command}: `), shown).to.equal(true);
      expect(errorLine, shown).not.to.include('internal error');
      for (const n of c.names) expect(errorLine, shown).to.include(n);
    });
  }

  it('--debug and DEBUG=gunshot-edge add the stack trace after the line', () => {
    for (const r of [debugRun, debugEnvRun]) {
      const lines = r.stderr.split('\n');
      expect(r.code, r.stderr).to.equal(1);
      expect(lines[0]).to.match(/^gunshot-edge eval: \/nonexistent\/meta\.json: not found/);
      expect(lines.some((l) => /^\s+at\s/.test(l)), r.stderr).to.equal(true);
    }
  });
});

describe('cli/errors classify', () => {
  it('a bug is an internal error, in one line, with the --debug hint', () => {
    let bug: unknown;
    try { (undefined as unknown as { x: number }).x; } catch (e) { bug = e; }
    const r = classify(bug, 'gunshot-edge eval');
    expect(r.userError).to.equal(false);
    expect(r.exitCode).to.equal(1);
    expect(r.line).to.match(/^gunshot-edge eval: internal error \(TypeError: Cannot read properties of undefined.*\); rerun with --debug/);
  });

  it('a system error names its path in a user\'s words', () => {
    const e = Object.assign(new Error("EACCES: permission denied, open '/root/x.csv'"), { code: 'EACCES', path: '/root/x.csv' });
    expect(classify(e, 'gunshot-edge eval').line).to.equal('gunshot-edge eval: /root/x.csv: permission denied');
  });

  it('UserError keeps its exit status; the command name is said once', () => {
    expect(classify(new UserError('train: give --data', { usage: true }), 'gunshot-edge train')).to.deep.equal({
      line: 'gunshot-edge train: give --data', exitCode: 2, userError: true,
    });
  });
});
