/**
 * How a product image names its artwork: `<item>.<colour>.<view>`, for example
 * `dining-chair.walnut.front`. The seed writes these names and the server's image route draws
 * what they name, so one picture serves every product of that item and colour.
 */
export const artworkViews = ['front', 'detail', 'backdrop', 'reverse'] as const;
export type ArtworkView = (typeof artworkViews)[number];

/** Every artwork is drawn 4:5; this is its largest size, the one pages reserve space with. */
export const artworkSize = { width: 1280, height: 1600 } as const;

export interface ArtworkParts {
  item: string;
  colour: string;
  view: ArtworkView;
}

function slugOf(words: string): string {
  return words
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function artworkName({
  item,
  colour,
  view,
}: {
  item: string;
  colour: string;
  view: ArtworkView;
}): string {
  return `${slugOf(item)}.${slugOf(colour)}.${view}`;
}

/** The parts of a well-formed name, or undefined: nothing else reaches the drawing code. */
export function parseArtworkName(name: string): ArtworkParts | undefined {
  const match = /^([a-z0-9-]{1,40})\.([a-z0-9-]{1,40})\.([a-z]{1,10})$/.exec(name);
  if (!match) return undefined;
  const [, item, colour, view] = match as unknown as [string, string, string, string];
  if (!(artworkViews as readonly string[]).includes(view)) return undefined;
  return { item, colour, view: view as ArtworkView };
}
