import { type Drawing, dots, ellipse, line, path, rect } from './drawing-kit.ts';

const steel = '#c4c8cc';

const furniture: Record<string, Drawing> = {
  'dining-chair': (paint) =>
    rect(130, 80, 22, 350, paint.main, paint, 4) +
    rect(248, 80, 22, 350, paint.main, paint, 4) +
    rect(150, 100, 100, 22, paint.main, paint, 4) +
    rect(150, 160, 100, 16, paint.main, paint, 4) +
    rect(115, 250, 170, 30, paint.light, paint, 6) +
    rect(265, 280, 20, 150, paint.main, paint, 4) +
    rect(115, 280, 20, 150, paint.main, paint, 4),
  stool: (paint) =>
    path('M150 210 L120 430 M250 210 L280 430 M200 215 L200 430', 'none', paint) +
    line('M150 210 L120 430 M250 210 L280 430 M200 215 L200 430', paint, 16) +
    line('M135 340 L265 340', paint, 8) +
    ellipse(200, 200, 95, 26, paint.main, paint),
  'side-table': (paint) =>
    rect(140, 215, 18, 215, paint.main, paint, 4) +
    rect(242, 215, 18, 215, paint.main, paint, 4) +
    rect(150, 330, 100, 14, paint.main, paint, 3) +
    rect(115, 195, 170, 26, paint.light, paint, 6),
  bookcase: (paint) =>
    rect(100, 60, 200, 370, paint.main, paint, 4) +
    [120, 210, 330]
      .map(
        (y, shelf) =>
          rect(112, y, 176, 8, paint.dark, paint, 1) +
          [0, 1, 2, 3, 4]
            .map((book) =>
              rect(
                122 + book * 30 + shelf * 6,
                y - 60 + ((book + shelf) % 2) * 10,
                22,
                60 - ((book + shelf) % 2) * 10,
                book % 2 ? '#d9c6a5' : '#8a9a87',
                paint,
                2,
              ),
            )
            .join(''),
      )
      .join('') +
    rect(112, 396, 176, 8, paint.dark, paint, 1),
  bench: (paint) =>
    rect(80, 330, 20, 100, paint.main, paint, 4) +
    rect(300, 330, 20, 100, paint.main, paint, 4) +
    line('M90 390 L310 390', paint, 6) +
    rect(60, 300, 280, 32, paint.light, paint, 6),
  'coffee-table': (paint) =>
    rect(75, 320, 18, 110, paint.main, paint, 4) +
    rect(307, 320, 18, 110, paint.main, paint, 4) +
    rect(85, 385, 230, 12, paint.main, paint, 3) +
    rect(50, 300, 300, 28, paint.light, paint, 8),
  armchair: (paint) =>
    rect(110, 380, 18, 50, paint.dark, paint, 4) +
    rect(272, 380, 18, 50, paint.dark, paint, 4) +
    path('M120 300 L120 150 Q120 110 200 110 Q280 110 280 150 L280 300 Z', paint.main, paint) +
    rect(80, 230, 60, 160, paint.main, paint, 24) +
    rect(260, 230, 60, 160, paint.main, paint, 24) +
    rect(135, 290, 130, 60, paint.light, paint, 16) +
    rect(100, 340, 200, 45, paint.main, paint, 10),
};

const kitchen: Record<string, Drawing> = {
  'chef-knife': (paint) =>
    path('M60 270 L250 250 L250 300 L90 300 Q60 295 60 270 Z', steel, paint) +
    rect(250, 252, 110, 44, paint.main, paint, 12) +
    dots(
      [
        [280, 274],
        [310, 274],
        [340, 274],
      ],
      steel,
      6,
    ),
  'frying-pan': (paint) =>
    rect(270, 265, 120, 26, paint.dark, paint, 10) +
    ellipse(170, 290, 125, 60, paint.main, paint) +
    ellipse(170, 282, 105, 45, paint.light, paint),
  saucepan: (paint) =>
    rect(250, 230, 130, 24, paint.dark, paint, 10) +
    path('M80 220 L260 220 L250 400 Q170 420 90 400 Z', paint.main, paint) +
    ellipse(170, 220, 90, 20, paint.light, paint),
  'chopping-board': (paint) =>
    path(
      'M80 160 L300 160 Q320 160 320 180 L320 210 L360 230 L360 280 L320 300 L320 400 Q320 420 300 420 L80 420 Q60 420 60 400 L60 180 Q60 160 80 160 Z',
      '#c99a63',
      paint,
    ) +
    ellipse(340, 255, 8, 14, '#f3efe8', paint) +
    line('M90 220 Q190 240 290 215 M90 330 Q190 350 290 320', paint, 2),
  'casserole-dish': (paint) =>
    rect(60, 270, 40, 30, paint.main, paint, 10) +
    rect(300, 270, 40, 30, paint.main, paint, 10) +
    path('M90 250 L310 250 L300 400 Q200 420 100 400 Z', paint.main, paint) +
    path('M80 250 Q200 160 320 250 Z', paint.main, paint) +
    ellipse(200, 195, 22, 14, paint.light, paint),
  kettle: (paint) =>
    path('M120 420 L100 230 Q200 170 300 230 L280 420 Z', paint.main, paint) +
    path('M110 300 L50 220 L70 210 L130 270', paint.main, paint) +
    line('M140 200 Q200 90 260 200', paint, 14) +
    ellipse(200, 200, 30, 12, paint.light, paint),
};

const tableware: Record<string, Drawing> = {
  'dinner-plate': (paint) =>
    ellipse(200, 300, 160, 90, paint.main, paint) + ellipse(200, 295, 100, 52, paint.light, paint),
  bowl: (paint) =>
    path('M70 260 Q80 420 200 420 Q320 420 330 260 Z', paint.main, paint) +
    ellipse(200, 260, 130, 30, paint.light, paint),
  mug: (paint) =>
    path('M260 250 Q330 250 330 310 Q330 370 260 370', 'none', paint) +
    line('M260 250 Q330 250 330 310 Q330 370 260 370', paint, 22) +
    rect(110, 200, 160, 220, paint.main, paint, 18) +
    ellipse(190, 205, 78, 16, paint.light, paint),
  tumbler: (paint) =>
    path('M120 180 L280 180 L265 420 L135 420 Z', paint.main, paint) +
    ellipse(200, 180, 80, 18, paint.light, paint) +
    line('M140 260 L260 260', paint, 3),
  'serving-platter': (paint) =>
    ellipse(200, 310, 180, 80, paint.main, paint) + ellipse(200, 305, 130, 52, paint.light, paint),
  'wine-glass': (paint) =>
    path('M130 90 L270 90 Q280 250 200 280 Q120 250 130 90 Z', paint.light, paint) +
    path('M135 160 L265 160 Q265 250 200 270 Q135 250 135 160 Z', paint.main, paint) +
    line('M200 280 L200 410', paint, 8) +
    ellipse(200, 415, 70, 14, paint.light, paint),
};

const lighting: Record<string, Drawing> = {
  'table-lamp': (paint) =>
    line('M200 200 L200 300', paint, 8) +
    path('M140 300 Q120 360 160 420 L240 420 Q280 360 260 300 Z', paint.main, paint) +
    path('M140 90 L260 90 L300 210 L100 210 Z', paint.light, paint),
  'floor-lamp': (paint) =>
    line('M200 150 L200 420', paint, 8) +
    ellipse(200, 425, 70, 12, paint.main, paint) +
    path('M150 40 L250 40 L280 150 L120 150 Z', paint.light, paint),
  'pendant-light': (paint) =>
    line('M200 0 L200 170', paint, 4) +
    path('M90 310 Q90 170 200 170 Q310 170 310 310 Z', paint.main, paint) +
    ellipse(200, 318, 45, 20, '#fff4c8', paint),
  'wall-light': (paint) =>
    rect(70, 180, 40, 140, paint.main, paint, 10) +
    line('M110 250 L210 250 L240 210', paint, 8) +
    path('M200 120 L290 120 L320 230 L170 230 Z', paint.light, paint),
  'desk-lamp': (paint) =>
    ellipse(150, 420, 90, 16, paint.main, paint) +
    line('M150 410 L110 270 L250 170', paint, 10) +
    dots([[110, 270]], paint.dark, 12) +
    path('M230 140 L320 210 L290 250 L200 180 Z', paint.main, paint),
  lantern: (paint) =>
    ellipse(200, 100, 40, 30, 'none', paint) +
    rect(130, 130, 140, 30, paint.main, paint, 6) +
    rect(140, 160, 120, 200, '#fff4c8', paint, 6) +
    line('M180 160 L180 360 M220 160 L220 360', paint, 5) +
    rect(120, 360, 160, 40, paint.main, paint, 6),
};

function folded({ stitched = false, fringe = false }: { stitched?: boolean; fringe?: boolean }): Drawing {
  return (paint) =>
    [300, 220, 140]
      .map((y, layer) =>
        rect(80 + layer * 10, y, 240 - layer * 20, 90, layer === 1 ? paint.light : paint.main, paint, 20),
      )
      .join('') +
    (stitched
      ? line('M130 140 L130 230 M200 140 L200 230 M270 140 L270 230 M100 185 L300 185', paint, 2)
      : '') +
    (fringe
      ? line(
          'M110 390 L110 410 M140 390 L140 410 M170 390 L170 410 M200 390 L200 410 M230 390 L230 410 M260 390 L260 410 M290 390 L290 410',
          paint,
          3,
        )
      : '');
}

const pillow =
  (x: number, y: number, fill: string): Drawing =>
  (paint) =>
    path(
      `M${x} ${y} Q${x + 110} ${y + 20} ${x + 220} ${y} Q${x + 200} ${y + 75} ${x + 220} ${y + 150} Q${x + 110} ${y + 130} ${x} ${y + 150} Q${x + 20} ${y + 75} ${x} ${y} Z`,
      fill,
      paint,
    );

const bedding: Record<string, Drawing> = {
  'duvet-cover': folded({}),
  'fitted-sheet': folded({}),
  'pillowcase-pair': (paint) => pillow(60, 140, paint.light)(paint) + pillow(120, 250, paint.main)(paint),
  throw: folded({ fringe: true }),
  quilt: folded({ stitched: true }),
  duvet: folded({ stitched: true }),
};

export const homeDrawings: Record<string, Drawing> = {
  ...furniture,
  ...kitchen,
  ...tableware,
  ...lighting,
  ...bedding,
};
