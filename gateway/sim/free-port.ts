// A TCP port nobody listens on right now, for servers the tests and benchmarks start (mosquitto,
// PostgreSQL). The kernel picks it; another process could take it before the server binds, so callers
// that can retry on EADDRINUSE should.
import { createServer } from 'node:net';

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
