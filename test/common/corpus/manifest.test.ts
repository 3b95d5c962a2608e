import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateManifest, isGunCategory } from '../../../common/corpus/manifest.ts';
import { isReservedPackage } from '../../../common/corpus/reserved.ts';
import { isGlob } from '../../../common/corpus/glob.ts';
import { GUN_CATEGORIES, GUN_HANDLING_CATEGORIES, type DebianManifest, type ManifestEntry } from '../../../common/corpus/types.ts';
import { buildDebianCorpus } from '../../../common/corpus/build.ts';

const MANIFEST_PATH = resolve(import.meta.dirname, '../../../data/debian-manifest.json');
const raw = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as DebianManifest;

function withEntry(e: Partial<ManifestEntry> & Record<string, unknown>): unknown {
  const base: ManifestEntry = {
    package: 'nexuiz-data', path: 'usr/share/games/nexuiz/data/data.pk3', member: 'sound/weapons/x.ogg',
    use: 'clip', label: false, category: 'explosion', hardNegative: true, reason: 'a test entry with a reason',
  };
  return { packages: raw.packages, entries: [{ ...base, ...e }] };
}

describe('corpus/manifest: the reviewed Debian manifest', () => {
  it('validates (every field present and in range)', () => {
    expect(() => validateManifest(raw, MANIFEST_PATH)).not.to.throw();
  });

  it('names no reserved package, in its package table or its entries', () => {
    for (const p of Object.keys(raw.packages)) expect(isReservedPackage(p), p).to.equal(false);
    for (const e of raw.entries) expect(isReservedPackage(e.package), `${e.package}:${e.path}`).to.equal(false);
  });

  it('labels True only firearm categories, and every firearm category True', () => {
    const positives = raw.entries.filter((e) => e.label);
    expect(positives.length).to.be.greaterThan(0);
    for (const e of raw.entries) {
      expect(e.label, `${e.path}#${e.member ?? ''}`).to.equal(isGunCategory(e.category));
      if (['explosion', 'laser', 'cannon', 'missile', 'reload', 'casing'].includes(e.category)) expect(e.label).to.equal(false);
    }
  });

  it('gives every gun-related file its own entry (no wildcards) and every package a distinct fold', () => {
    const gunRelated = new Set<string>([...GUN_CATEGORIES, ...GUN_HANDLING_CATEGORIES]);
    for (const e of raw.entries.filter((x) => gunRelated.has(x.category))) {
      expect(isGlob(e.path) || isGlob(e.member ?? ''), `${e.path}#${e.member ?? ''}`).to.equal(false);
    }
    const folds = Object.values(raw.packages).map((p) => p.fold);
    expect(new Set(folds).size).to.equal(folds.length);
  });

  it('refuses a laser labelled True, naming the entry', () => {
    expect(() => validateManifest(withEntry({ label: true, category: 'laser', hardNegative: false }), 'm.json'))
      .to.throw(/entries\[0\].*label true needs a firearm category/);
  });

  it('refuses a firearm category labelled False, and a wildcard gun entry', () => {
    expect(() => validateManifest(withEntry({ category: 'pistol', hardNegative: false }), 'm.json')).to.throw(/label must be true/);
    expect(() => validateManifest(withEntry({ member: 'sound/weapons/*.ogg', category: 'reload' }), 'm.json')).to.throw(/one entry per file/);
  });

  it('refuses missing fields, unknown fields and reserved packages', () => {
    expect(() => validateManifest(withEntry({ reason: undefined }), 'm.json')).to.throw(/reason must say why/);
    expect(() => validateManifest(withEntry({ colour: 'red' }), 'm.json')).to.throw(/unknown field 'colour'/);
    const bad = { packages: { ...raw.packages, 'warmux-data': { version: '1:11.04.1', licence: 'GPL-2+', fold: 98, debBytes: 1 } }, entries: raw.entries };
    expect(() => validateManifest(bad, 'm.json')).to.throw(/'warmux-data' is reserved/);
  });

  it('a background needs a kind', () => {
    expect(() => validateManifest(withEntry({ use: 'background', category: 'rain', hardNegative: false }), 'm.json')).to.throw(/kind must be one of/);
  });
});

describe('corpus/reserved', () => {
  it('knows exact names and whole families', () => {
    for (const p of ['freedoom', 'openarena-data', 'tuxpaint', 'tuxpaint-stamps-default', 'ufoai-music', 'wesnoth-1.16-data', 'triplea', 'warzone2100-data=4.3.3-1'])
      expect(isReservedPackage(p), p).to.equal(true);
    for (const p of ['nexuiz-data', 'redeclipse-data', 'lmms-common', 'tuxpaintx', 'freedroidrpg-data'])
      expect(isReservedPackage(p), p).to.equal(false);
  });

  it('the builder refuses a reserved package given with --packages, before any download', async () => {
    let err: Error | undefined;
    try {
      await buildDebianCorpus({ manifest: raw, manifestSource: MANIFEST_PATH, outDir: '/nonexistent/out', cacheDir: '/nonexistent/cache', packages: ['nexuiz-data', 'hedgewars-data'] });
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).to.match(/'hedgewars-data' is reserved.*--packages/);
  });
});
