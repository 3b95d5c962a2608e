// Finds boards by USB vendor/product id. SerialPort.list() reads udev on Linux (needs `udevadm`);
// pseudo-terminals are never listed, so ptys are always given by path.
import { SerialPort } from 'serialport';

export interface UsbId { vendorId: string; productId: string }

/** Parses "VID:PID" (hex, e.g. "2e8a:000a"); throws naming the value and the expected form. */
export function parseUsbId(text: string, source = '--discover'): UsbId {
  const m = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(text.trim());
  if (!m) throw new RangeError(`${source} must be VID:PID with 4 hex digits each (e.g. 2e8a:000a), got "${text}"`);
  return { vendorId: m[1].toLowerCase(), productId: m[2].toLowerCase() };
}

export async function discoverPorts(ids: UsbId[], list = () => SerialPort.list()): Promise<string[]> {
  const ports = await list();
  return ports
    .filter((p) => ids.some((id) => p.vendorId?.toLowerCase() === id.vendorId && p.productId?.toLowerCase() === id.productId))
    .map((p) => p.path)
    .sort();
}
