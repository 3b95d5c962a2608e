// Every Debian package the tests use must be installed by name in .ci/run (or be a Depends of one that is):
// .ci/run installs with --no-install-recommends, and a machine that happens to have a recommended package
// already (clang's libFuzzer runtime, libclang-rt-14-dev) hides the gap until a bare machine runs CI.
// Each tool the tests run, and every header, library and runtime the C builds of `npm test` touch (found by
// compiling small programs with the Makefile's compilers and flags, -MD for headers and the linker's
// --trace for libraries), is resolved to its package with `dpkg -S`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize, resolve } from 'node:path';
import { expect } from 'chai';

const ROOT = resolve(import.meta.dirname, '..');
const CI_RUN = join(ROOT, '.ci/run');

/** The names in `PACKAGES=( … )` of .ci/run (comments stripped). */
export function ciPackages(script: string): string[] {
  const m = /^PACKAGES=\(\n([\s\S]*?)^\)/m.exec(script);
  if (!m) throw new Error(`${CI_RUN}: no PACKAGES=( … ) list found`);
  return m[1].split('\n').map((l) => l.replace(/#.*/, '')).join(' ').split(/\s+/).filter(Boolean);
}

interface Installed { depends: string[][]; provides: string[]; essential: boolean }

/** `a (>= 1), b:any | c` → [['a'], ['b', 'c']]. */
function parseDepends(field: string): string[][] {
  return field.split(',').map((alt) => alt.split('|').map((p) => p.trim().replace(/\s*\(.*\)$/, '').replace(/:\w+$/, ''))
    .filter(Boolean)).filter((a) => a.length > 0);
}

function installedPackages(): Map<string, Installed> {
  const out = execFileSync('dpkg-query', ['-W', '-f', '${Package}\t${db:Status-Status}\t${Essential}\t${Pre-Depends}\t${Depends}\t${Provides}\n'], { encoding: 'utf8' });
  const pkgs = new Map<string, Installed>();
  for (const line of out.split('\n')) {
    const [name, status, essential, pre, dep, provides] = line.split('\t');
    if (!name || status !== 'installed') continue;
    pkgs.set(name, {
      depends: [...parseDepends(pre ?? ''), ...parseDepends(dep ?? '')],
      provides: parseDepends(provides ?? '').flat(),
      essential: essential === 'yes',
    });
  }
  return pkgs;
}

/** The packages named, and everything they Depend / Pre-Depend on as installed here (alternatives and
 *  virtual packages resolved to what is installed), plus the Essential ones (always present). */
function closure(named: string[], pkgs: Map<string, Installed>): Set<string> {
  const providers = new Map<string, string[]>();
  for (const [name, p] of pkgs) for (const v of p.provides) providers.set(v, [...(providers.get(v) ?? []), name]);
  const seen = new Set<string>();
  const visit = (name: string) => {
    for (const n of pkgs.has(name) ? [name] : providers.get(name) ?? []) {
      if (seen.has(n)) continue;
      seen.add(n);
      for (const alt of pkgs.get(n)!.depends) for (const a of alt) visit(a);
    }
  };
  named.forEach(visit);
  for (const [name, p] of pkgs) if (p.essential) seen.add(name);
  return seen;
}

/** The same file under its other name on a merged-/usr system (dpkg knows only the one it shipped). */
function aliases(file: string): string[] {
  const names = new Set([normalize(file)]);
  try { names.add(realpathSync(file)); } catch { /* missing: reported by the caller */ }
  for (const n of [...names]) {
    const m = /^\/usr\/(bin|sbin|lib|lib32|lib64|libx32)\/(.*)$/.exec(n) ?? /^\/(bin|sbin|lib|lib32|lib64|libx32)\/(.*)$/.exec(n);
    if (m) { names.add(`/${m[1]}/${m[2]}`); names.add(`/usr/${m[1]}/${m[2]}`); }
  }
  return [...names];
}

/** File → owning packages, by `dpkg -S` (one call for all names). */
function owners(files: string[]): Map<string, string[]> {
  const candidates = new Map(files.map((f) => [f, aliases(f)]));
  const r = spawnSync('dpkg', ['-S', ...new Set([...candidates.values()].flat())], { encoding: 'utf8' });
  const byPath = new Map<string, string[]>();
  for (const line of r.stdout.split('\n')) {
    const m = /^(.+?): (\/.*)$/.exec(line);
    if (m && !m[1].startsWith('diversion by')) byPath.set(m[2], m[1].split(', ').map((p) => p.replace(/:\w+$/, '')));
  }
  return new Map(files.map((f) => [f, [...new Set(candidates.get(f)!.flatMap((c) => byPath.get(c) ?? []))]]));
}

/** A command on the system path (not /usr/local, not a version manager's shim): what CI runs. */
function systemCommand(cmd: string): string | undefined {
  return ['/usr/bin', '/bin', '/usr/sbin', '/sbin'].map((d) => join(d, cmd)).find((p) => existsSync(p));
}

/** Headers (-MD) and linked files (--trace) of a small program built as the Makefile builds. */
function filesOfBuild(dir: string, compiler: string, flags: string[], source: string, lang: 'c' | 'c++', link = true, libs: string[] = []): string[] {
  const src = join(dir, `probe-${compiler}.${lang === 'c' ? 'c' : 'cpp'}`);
  const deps = `${src}.d`;
  writeFileSync(src, source);
  const args = [...flags, '-MD', '-MF', deps, src, ...(link ? [...libs, '-Wl,--trace', '-o', `${src}.out`] : ['-c', '-o', `${src}.o`])];
  const r = spawnSync(compiler, args, { encoding: 'utf8', cwd: dir });
  if (r.status !== 0) throw new Error(`${compiler} ${args.join(' ')} failed:\n${r.stderr}`);
  const headers = readFileSync(deps, 'utf8').replace(/\\\n/g, ' ').split(/\s+/).filter((f) => f.startsWith('/') && !f.startsWith(dir));
  const linked = link ? (r.stdout + r.stderr).split('\n').map((l) => l.trim().replace(/^.*?\((\/[^)]+)\)$/, '$1'))
    .filter((l) => l.startsWith('/') && !l.startsWith(dir) && existsSync(l)) : [];
  return [...new Set([...headers, ...linked].map((f) => normalize(f)))];
}

const C_PROBE = '#include <stdio.h>\n#include <stdint.h>\n#include <string.h>\n#include <math.h>\n#include <stdlib.h>\nint main(void) { printf("%f", sqrt((double)rand())); return 0; }\n';
const FUZZ_PROBE = '#include <stdint.h>\n#include <stddef.h>\n#include <string.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { char b[8]; memcpy(b, d, n < 8 ? n : 8); return 0; }\n';
const CXX_PROBE = '#include <cstdint>\n#include <cstring>\n#include <cmath>\nint main() { return (int)std::sqrt(2.0); }\n';
const MQTT_PROBE = '#include <mosquitto.h>\n#include <stdio.h>\nint main(void) { mosquitto_lib_init(); printf("%d", mosquitto_lib_cleanup()); return 0; }\n';
const ARM_FLAGS = ['-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16', '-O2', '--specs=nano.specs', '--specs=nosys.specs'];

/** What the tests use, by name: the commands they run, and how to find the files their builds touch. */
/** The newest Debian PostgreSQL server's bin folder (not on PATH); undefined when none is installed. */
function postgresTool(cmd: string): string | undefined {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((d) => existsSync(join(root, d, 'bin', cmd))).sort((a, b) => Number(b) - Number(a)) : [];
  return majors.length ? join(root, majors[0], 'bin', cmd) : undefined;
}

const TOOLS: { cmd: string; usedBy: string; path?: () => string | undefined }[] = [
  { cmd: 'make', usedBy: 'npm test (make -C firmware-bridge), firmware tests' },
  { cmd: 'gcc', usedBy: 'host board, C unit tests, boards-check' },
  { cmd: 'g++', usedBy: 'boards-check (nano33ble adapter)' },
  { cmd: 'clang', usedBy: 'make fuzz (libFuzzer)' },
  { cmd: 'socat', usedBy: 'serial end-to-end tests (pty pairs)' },
  { cmd: 'arm-none-eabi-gcc', usedBy: 'QEMU board image' },
  { cmd: 'arm-none-eabi-size', usedBy: 'firmware size check' },
  { cmd: 'qemu-system-arm', usedBy: 'QEMU board tests' },
  { cmd: 'chromium', usedBy: 'dashboard test (playwright-core)' },
  { cmd: 'udevadm', usedBy: 'SerialPort.list() in gateway discovery' },
  { cmd: 'mosquitto', usedBy: 'MQTT end-to-end tests and bench:gateway --transport mqtt (the real broker)' },
  { cmd: 'mosquitto_passwd', usedBy: 'MQTT tests: per-board password file' },
  { cmd: 'openssl', usedBy: 'MQTT TLS test (self-signed certificate)' },
  { cmd: 'initdb', usedBy: 'PostgreSQL store tests (temporary cluster)', path: () => postgresTool('initdb') },
  { cmd: 'pg_ctl', usedBy: 'PostgreSQL store tests (temporary cluster)', path: () => postgresTool('pg_ctl') },
  { cmd: 'postgres', usedBy: 'PostgreSQL store tests (the server pg_ctl starts)', path: () => postgresTool('postgres') },
  { cmd: 'runuser', usedBy: 'PostgreSQL tests as root (initdb/pg_ctl run as nobody)' },
];

const BUILDS: { what: string; compiler: string; flags: string[]; source: string; lang: 'c' | 'c++'; link?: boolean; libs?: string[] }[] = [
  { what: 'host C build with ASan/UBSan (make test-c)', compiler: 'gcc', flags: ['-std=c99', '-O1', '-fsanitize=address,undefined'], source: C_PROBE, lang: 'c', libs: ['-lm'] },
  { what: 'libFuzzer target (make fuzz)', compiler: 'clang', flags: ['-std=c99', '-O1', '-fsanitize=fuzzer,address,undefined'], source: FUZZ_PROBE, lang: 'c' },
  { what: 'host board with the MQTT port (make host-mqtt, libmosquitto)', compiler: 'gcc', flags: ['-std=c99', '-O2'], source: MQTT_PROBE, lang: 'c', libs: ['-lmosquitto', '-lm'] },
  { what: 'C++ adapter compile check (make boards-check)', compiler: 'g++', flags: ['-std=gnu++11'], source: CXX_PROBE, lang: 'c++', link: false },
  { what: 'Cortex-M4 image with newlib-nano (make qemu)', compiler: 'arm-none-eabi-gcc', flags: ARM_FLAGS, source: C_PROBE, lang: 'c', libs: ['-lm'] },
];

describe('.ci/run installs every Debian package the tests use', function () {
  this.timeout(120_000);
  const onDebian = spawnSync('dpkg-query', ['--version']).status === 0;
  // On a developer machine a missing tool only skips its check (its own tests say what to install);
  // on CI (.ci/run has just installed everything) it is a failure.
  const ci = Boolean(process.env.CI);
  let allowed: Set<string>;
  let named: string[];
  let dir: string;

  before(function () {
    if (!onDebian) this.skip();
    named = ciPackages(readFileSync(CI_RUN, 'utf8'));
    allowed = closure(named, installedPackages());
    dir = mkdtempSync(join(tmpdir(), 'ci-packages-'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  function check(files: string[], what: string): void {
    const own = owners(files);
    const unowned = files.filter((f) => own.get(f)!.length === 0);
    expect(unowned, `${what}: files that no Debian package provides (installed by hand?)`).to.deep.equal([]);
    const missing = new Map<string, string[]>();
    for (const f of files) {
      const pkgs = own.get(f)!;
      if (!pkgs.some((p) => allowed.has(p))) missing.set(pkgs.join(' or '), [...(missing.get(pkgs.join(' or ')) ?? []), f]);
    }
    const msg = [...missing].map(([pkg, fs]) => `Debian package ${pkg} (provides ${fs.slice(0, 3).join(', ')}${fs.length > 3 ? ` and ${fs.length - 3} more` : ''}) ` +
      `is used by ${what} but .ci/run neither installs it by name nor depends on it: add ${pkg.split(' or ')[0]} to PACKAGES in .ci/run`);
    expect(msg, msg.join('\n')).to.deep.equal([]);
  }

  it('the package list parses out of .ci/run', () => {
    expect(named).to.include.members(['clang', 'libclang-rt-14-dev', 'socat', 'qemu-system-arm']);
  });

  for (const t of TOOLS) {
    it(`${t.cmd} (${t.usedBy})`, function () {
      const path = t.path ? t.path() : systemCommand(t.cmd);
      if (!path) {
        if (ci) expect.fail(`${t.cmd} is not installed, but ${t.usedBy} needs it: add its Debian package to PACKAGES in .ci/run`);
        this.skip();
      }
      check([path!], `${t.cmd} (${t.usedBy})`);
    });
  }

  for (const b of BUILDS) {
    it(`headers, libraries and runtimes of the ${b.what}`, function () {
      if (!systemCommand(b.compiler)) {
        if (ci) expect.fail(`${b.compiler} is not installed, but the ${b.what} needs it: add its Debian package to PACKAGES in .ci/run`);
        this.skip();
      }
      const files = filesOfBuild(dir, b.compiler, b.flags, b.source, b.lang, b.link ?? true, b.libs);
      expect(files.length, `${b.what}: nothing found to check`).to.be.above(3);
      check(files, b.what);
    });
  }

  it('the check names the package a list lacks (libclang-rt-14-dev missing from a copy of the list)', function () {
    const fuzzRuntime = join(execFileSync('clang', ['-print-resource-dir'], { encoding: 'utf8' }).trim(), 'lib/linux/libclang_rt.fuzzer-x86_64.a');
    if (!existsSync(fuzzRuntime)) this.skip();
    const without = closure(named.filter((p) => p !== 'libclang-rt-14-dev'), installedPackages());
    const pkgs = owners([fuzzRuntime]).get(fuzzRuntime)!;
    expect(pkgs).to.deep.equal(['libclang-rt-14-dev']);
    expect(without.has('libclang-rt-14-dev'), 'clang only recommends it: without the name it is not installed').to.equal(false);
  });
});
