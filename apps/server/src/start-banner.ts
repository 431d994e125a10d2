import type { PanelAccess } from './config.ts';

export interface StartBannerFacts {
  address: string;
  panel: PanelAccess;
  /** What was found or seeded in the database. */
  data: string;
  processes: number;
  /** Whether Ctrl-C also stops the embedded pair (this server started it). */
  stopsDatabase: boolean;
}

/** What `npm start` prints once every server process listens: where to go, and what runs. */
export function startBanner({ address, panel, data, processes, stopsDatabase }: StartBannerFacts): string {
  const panelUrl =
    panel === 'off' ? '(off: PANEL_ENABLED)' : `${address}/panel${panel === 'admins' ? ' (admins)' : ''}`;
  return `
Holdfast is running
  storefront   ${address}/
  API          ${address}/trpc
  tRPC panel   ${panelUrl}
  health       ${address}/healthz
  metrics      ${address}/metrics
  data         ${data}
  processes    ${processes} serving the port (SERVER_PROCESSES)
Try:  curl '${address}/trpc/catalog.categories'
Ctrl-C stops the server${stopsDatabase ? ' and the embedded database' : ''}.`;
}
