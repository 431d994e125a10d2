/** The colours and finishes the demo catalog names, as the artwork paints them. */
export const palette: Record<string, string> = {
  black: '#2b2b2d',
  'black-ash': '#3a3431',
  beech: '#d9b98c',
  blue: '#3f6fa8',
  brass: '#c9a24a',
  charcoal: '#4a4d52',
  copper: '#b8693c',
  ecru: '#e8dfc8',
  'forest-green': '#2f5d46',
  grey: '#8b9096',
  'natural-oak': '#c89b62',
  navy: '#27344f',
  oatmeal: '#d8ccb4',
  olive: '#6b6b3a',
  orange: '#e07a2e',
  rust: '#a4522e',
  sage: '#9bab8c',
  sand: '#cdb88f',
  steel: '#a9adb2',
  tan: '#b07f4f',
  walnut: '#6b4a33',
  white: '#f4f2ee',
  'white-oak': '#d8c3a0',
};

/** The colour mixed toward black (amount < 0) or white (amount > 0), for shading and outlines. */
export function shade(hex: string, amount: number): string {
  const target = amount < 0 ? 0 : 255;
  const weight = Math.abs(amount);
  const channels = [1, 3, 5].map((start) => {
    const value = Number.parseInt(hex.slice(start, start + 2), 16);
    return Math.round(value + (target - value) * weight)
      .toString(16)
      .padStart(2, '0');
  });
  return `#${channels.join('')}`;
}
