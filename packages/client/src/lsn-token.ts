/** Header the server sets after a write: the WAL position that write reached. */
export const lsnResponseHeader = 'x-holdfast-lsn';
/** Header the client sends back so reads only use a replica that has replayed its writes. */
export const minLsnRequestHeader = 'x-holdfast-min-lsn';

function lsnValue(lsn: string): bigint {
  const [high = '0', low = '0'] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** Remembers the newest write position this client has seen; positions only move forward. */
export class LsnToken {
  #lsn: string | undefined;

  get current(): string | undefined {
    return this.#lsn;
  }

  observe(lsn: string | null | undefined): void {
    if (!lsn || !/^[0-9A-Fa-f]{1,8}\/[0-9A-Fa-f]{1,8}$/.test(lsn)) return;
    if (this.#lsn === undefined || lsnValue(lsn) > lsnValue(this.#lsn)) this.#lsn = lsn;
  }
}
