// `gunshot-edge demo` as a user runs it, shortened: 3 virtual C boards built from the random test export
// (make host-test creates it on a fresh clone), 12 s of soundscape. It must end by itself and print one
// JSON summary on stdout. The random model's detections are arbitrary, so only the shape and the
// invariants are checked here; the plan, rendering and scoring are tested in demo-plan.test.ts.
import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { requireSocat } from './helpers.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const FB = join(ROOT, 'firmware-bridge');

describe('gunshot-edge demo (shortened run)', function () {
  this.timeout(120000);
  before(() => {
    requireSocat();
    execFileSync('make', ['-s', '-C', FB, 'host-test'], { stdio: ['ignore', 'ignore', 'inherit'] });
  });

  it('runs 3 boards for 12 s, exits by itself and prints the summary as one JSON object', async () => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/main.ts'), 'demo', '--boards', '3', '--duration', '12',
      '--model', join(FB, 'build/test-export'), '--http-port', '0', '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const code = await new Promise<number | null>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 90000);
      child.once('exit', (c) => { clearTimeout(kill); resolve(c); });
    });
    expect(code, err.slice(-2000)).to.equal(0);
    expect(Date.now() - t0).to.be.above(12000); // the soundscape really played in real time
    const lines = out.trim().split('\n');
    expect(lines).to.have.length(1);
    const s = JSON.parse(lines[0]);
    expect(Object.keys(s)).to.deep.equal(['shots', 'detected', 'located', 'mean_location_error_m', 'false_alerts', 'p99_alert_latency_ms']);
    expect(s.shots).to.be.greaterThan(0);
    expect(s.detected).to.be.within(0, s.shots);
    expect(s.located).to.be.within(0, s.detected);
    expect(s.false_alerts).to.be.at.least(0);
    expect(s.mean_location_error_m === null || s.mean_location_error_m >= 0).to.equal(true);
    expect(s.p99_alert_latency_ms === null || typeof s.p99_alert_latency_ms === 'number').to.equal(true);
    expect(err).to.match(/dashboard: http:\/\/127\.0\.0\.1:\d+/);
    expect(err).to.match(/board demo-03 .*model /);
  });
});
