/**
 * Whether an address (a listening host or a caller's address) stays on this machine: `localhost`, 127.0.0.0/8, ::1
 * and their IPv4-mapped forms. The wildcards (0.0.0.0, ::) and every other address reach beyond it.
 */
export function isLoopbackAddress(address: string): boolean {
  const a = address
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (a === 'localhost' || a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  const v4 = a.startsWith('::ffff:') ? a.slice('::ffff:'.length) : a;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
