import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

describe('scripts/method-figures (npm run figures)', function () {
  this.timeout(60000);

  it('renders the write-up figures of the shipped model, with its numbers in them', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'figures-'));
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/method-figures.ts', '--model', 'models/tiny', '--out', out], { stdio: 'pipe' });
      const files = fs.readdirSync(out).sort();
      expect(files).to.deep.equal(['heldout-f1-by-noise.svg', 'heldout-f1-by-snr.svg', 'heldout-results.svg', 'threshold-bootstrap.svg', 'training-curves.svg']);
      for (const f of files) expect(fs.readFileSync(path.join(out, f), 'utf8')).to.match(/^<svg[\s\S]*<\/svg>$/);
      const meta = JSON.parse(fs.readFileSync('models/tiny/meta.json', 'utf8'));
      expect(fs.readFileSync(path.join(out, 'threshold-bootstrap.svg'), 'utf8')).to.include(`chosen ${meta.threshold.toFixed(3)}`);
      expect(fs.readFileSync(path.join(out, 'heldout-f1-by-snr.svg'), 'utf8')).to.include('(n=1256)');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('names the missing file when the model folder lacks it', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'nomodel-'));
    try {
      expect(() => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/method-figures.ts', '--model', empty, '--out', empty], { stdio: 'pipe' }))
        .to.throw(/meta\.json: missing/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
