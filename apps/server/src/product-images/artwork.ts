import { type ArtworkView, parseArtworkName } from '@holdfast/db';
import { apparelDrawings } from './apparel-drawings.ts';
import type { Drawing } from './drawing-kit.ts';
import { gearDrawings } from './gear-drawings.ts';
import { homeDrawings } from './home-drawings.ts';
import { palette, shade } from './palette.ts';

/** One simple picture per item the demo catalog sells, keyed by the item's slug. */
export const drawings: Record<string, Drawing> = { ...apparelDrawings, ...homeDrawings, ...gearDrawings };

const studio = '#f3efe8';

/**
 * The SVG an artwork name describes, drawn `width` pixels wide (4:5), or undefined when the name
 * is not one of ours: only names made of known items, colours and views reach the drawing code.
 */
export function artworkSvg(name: string, width: number): string | undefined {
  const parts = parseArtworkName(name);
  if (!parts || !Object.hasOwn(drawings, parts.item) || !Object.hasOwn(palette, parts.colour))
    return undefined;
  const drawing = drawings[parts.item] as Drawing;
  const main = palette[parts.colour] as string;
  const item = drawing({ main, dark: shade(main, -0.5), light: shade(main, 0.45) });
  const scene = scenes[parts.view](item, main);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${width * 1.25}" viewBox="${scene.viewBox}">${scene.body}</svg>`;
}

const shadow = '<ellipse cx="200" cy="434" rx="160" ry="14" fill="#000" fill-opacity="0.08"/>';

// the views differ the way a shop's photos of one thing do: whole, close, staged, from the other side
const scenes: Record<ArtworkView, (item: string, main: string) => { viewBox: string; body: string }> = {
  front: (item) => ({
    viewBox: '0 0 400 500',
    body: `<rect width="400" height="500" fill="${studio}"/>${shadow}${item}`,
  }),
  detail: (item) => ({
    viewBox: '100 125 200 250',
    body: `<rect width="400" height="500" fill="${studio}"/>${item}`,
  }),
  backdrop: (item, main) => ({
    viewBox: '0 0 400 500',
    body:
      `<rect width="400" height="500" fill="${shade(main, 0.82)}"/>` +
      `<rect y="430" width="400" height="70" fill="${shade(main, 0.65)}"/>${shadow}${item}`,
  }),
  reverse: (item) => ({
    viewBox: '0 0 400 500',
    body: `<rect width="400" height="500" fill="#e9e4da"/>${shadow}<g transform="matrix(-1 0 0 1 400 0)">${item}</g>`,
  }),
};
