import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, loadConfigFile, mergeConfig, ConfigError } from '../../gateway/config.ts';
import { parseUsbId, discoverPorts } from '../../gateway/serial/discover.ts';
import { tempDir } from './helpers.ts';

describe('gateway config and discovery', () => {
  it('merges a file and flags, validating every field with its name and source', () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'gw.json');
      writeFileSync(file, JSON.stringify({ ports: ['/dev/ttyACM0'], boards: { n1: { lat: 52.5, lon: 13.4 } }, incidents: { marginMs: 100 } }));
      const c = mergeConfig(loadConfigFile(file), { httpPort: 9000 }, 'flags');
      expect(c).to.deep.include({ ports: ['/dev/ttyACM0'], httpPort: 9000, boards: { n1: { lat: 52.5, lon: 13.4 } } });
      expect(c.incidents.marginMs).to.equal(100);
      writeFileSync(file, JSON.stringify({ boards: { n1: { lat: 95, lon: 0 } } }));
      expect(() => loadConfigFile(file)).to.throw(ConfigError, new RegExp(`boards\\.n1\\.lat must be a number in -90\\.\\.90, got 95 \\(${file}\\)`));
      writeFileSync(file, '{ nope');
      expect(() => loadConfigFile(file)).to.throw(ConfigError, /not valid JSON/);
    } finally {
      tmp.cleanup();
    }
    expect(() => mergeConfig(DEFAULT_CONFIG, { httpPrt: 1 }, 'flags')).to.throw(ConfigError, /unknown field "httpPrt"/);
    expect(() => mergeConfig(DEFAULT_CONFIG, { webhooks: ['ftp://x'] }, 'flags')).to.throw(ConfigError, /webhooks\[0\].*http\(s\) URL.*\(flags\)/);
    expect(() => mergeConfig(DEFAULT_CONFIG, { link: { reconnectBaseMs: 1 } }, 'flags')).to.throw(ConfigError, /link\.reconnectBaseMs must be an integer in 10\.\.60000, got 1/);
    const m = mergeConfig(DEFAULT_CONFIG, { mqtt: { url: 'mqtts://gw:pw@broker.example:8883', group: 'city', caFile: 'ca.pem', boards: ['pole-1'] } }, 'f');
    expect(m.mqtt).to.deep.equal({ url: 'mqtts://gw:pw@broker.example:8883', group: 'city', caFile: 'ca.pem', boards: ['pole-1'] });
    expect(mergeConfig(m, { mqtt: { boards: ['pole-2'] } }, 'flags').mqtt).to.deep.include({ url: 'mqtts://gw:pw@broker.example:8883', boards: ['pole-2'] });
    expect(() => mergeConfig(DEFAULT_CONFIG, { mqtt: { group: 'g' } }, 'flags')).to.throw(ConfigError, /mqtt\.url is required \(flags\)/);
    expect(() => mergeConfig(DEFAULT_CONFIG, { mqtt: { url: 'mqtt://b:1883', boards: ['a/b'] } }, 'flags')).to.throw(ConfigError, /mqtt\.boards\[0\] must be .*\[A-Za-z0-9_\.-\].*"a\/b"/);
    expect(() => mergeConfig(DEFAULT_CONFIG, { mqtt: { url: 'mqtt://b:1883', qos: 2 } }, 'flags')).to.throw(ConfigError, /unknown field "mqtt\.qos"/);
  });

  it('discovers ports by USB vendor/product id', async () => {
    expect(parseUsbId('2E8A:000a')).to.deep.equal({ vendorId: '2e8a', productId: '000a' });
    expect(() => parseUsbId('2e8a')).to.throw(RangeError, /VID:PID.*got "2e8a"/);
    const list = async () => [
      { path: '/dev/ttyACM1', vendorId: '2E8A', productId: '000A', manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined },
      { path: '/dev/ttyUSB0', vendorId: '10c4', productId: 'ea60', manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined },
      { path: '/dev/ttyS0', vendorId: undefined, productId: undefined, manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined },
    ];
    expect(await discoverPorts([parseUsbId('2e8a:000a')], list)).to.deep.equal(['/dev/ttyACM1']);
  });
});
