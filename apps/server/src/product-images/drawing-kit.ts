/** What a drawing is painted with: the product's colour and two shades of it. */
export interface Paint {
  /** The product's colour. */
  main: string;
  /** Outlines, seams and shadows. */
  dark: string;
  /** Highlights and linings. */
  light: string;
}

/** SVG markup on a 400 × 500 canvas, the item standing on a floor at y = 430. */
export type Drawing = (paint: Paint) => string;

export const outline = (paint: Paint) =>
  `stroke="${paint.dark}" stroke-width="5" stroke-linejoin="round" stroke-linecap="round"`;

export const path = (d: string, fill: string, paint: Paint) =>
  `<path d="${d}" fill="${fill}" ${outline(paint)}/>`;

export const rect = (
  x: number,
  y: number,
  width: number,
  height: number,
  fill: string,
  paint: Paint,
  radius = 6,
) =>
  `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="${radius}" fill="${fill}" ${outline(paint)}/>`;

export const ellipse = (cx: number, cy: number, rx: number, ry: number, fill: string, paint: Paint) =>
  `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="${fill}" ${outline(paint)}/>`;

export const line = (d: string, paint: Paint, width = 5) =>
  `<path d="${d}" fill="none" stroke="${paint.dark}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"/>`;

/** Small circles along a line: buttons, eyelets, rivets. */
export const dots = (points: readonly [number, number][], fill: string, radius = 5) =>
  points.map(([cx, cy]) => `<circle cx="${cx}" cy="${cy}" r="${radius}" fill="${fill}"/>`).join('');

export const column = (x: number, from: number, step: number, count: number): [number, number][] =>
  Array.from({ length: count }, (_, index) => [x, from + index * step]);
