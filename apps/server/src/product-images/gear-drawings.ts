import { column, type Drawing, dots, ellipse, line, path, rect } from './drawing-kit.ts';

const paper = '#f7f4ec';

const stationery: Record<string, Drawing> = {
  notebook: (paint) =>
    rect(110, 90, 190, 320, paint.main, paint, 10) +
    line('M270 90 L270 410', paint, 6) +
    path('M150 400 L150 450 L165 435 L180 450 L180 400', paint.light, paint),
  'fountain-pen': (paint) =>
    `<g transform="rotate(-35 200 260)">` +
    rect(110, 235, 170, 50, paint.main, paint, 22) +
    path('M280 240 L330 250 L365 260 L330 270 L280 280 Z', '#c9a24a', paint) +
    rect(140, 230, 70, 12, '#c9a24a', paint, 4) +
    `</g>`,
  'desk-planner': (paint) =>
    rect(50, 140, 300, 260, paint.main, paint, 10) +
    rect(65, 155, 130, 230, paper, paint, 4) +
    rect(205, 155, 130, 230, paper, paint, 4) +
    line(
      'M80 200 L180 200 M80 240 L180 240 M80 280 L180 280 M220 200 L320 200 M220 240 L320 240 M220 280 L320 280',
      paint,
      2,
    ),
  sketchbook: (paint) =>
    rect(80, 130, 260, 280, paint.main, paint, 8) +
    dots(column(80, 150, 30, 9), paint.light, 7) +
    rect(120, 170, 190, 200, paper, paint, 4) +
    line('M150 320 Q200 220 280 260', paint, 3),
  'pencil-case': (paint) =>
    rect(70, 230, 260, 120, paint.main, paint, 50) +
    line('M100 250 L300 250', paint, 4) +
    path('M300 245 L320 260 L300 275 Z', '#c9a24a', paint),
  'letter-set': (paint) =>
    rect(140, 90, 180, 240, paper, paint, 4) +
    line('M165 140 L295 140 M165 175 L295 175 M165 210 L295 210', paint, 2) +
    rect(70, 230, 240, 160, paint.main, paint, 6) +
    path('M70 232 L190 320 L310 232', paint.light, paint),
};

const outdoor: Record<string, Drawing> = {
  tent: (paint) =>
    path('M40 420 L200 110 L360 420 Z', paint.main, paint) +
    path('M150 420 L200 250 L250 420 Z', paint.dark, paint) +
    line('M200 110 L200 80 M40 420 L20 440 M360 420 L380 440', paint, 4),
  'sleeping-bag': (paint) =>
    path('M130 80 Q200 40 270 80 L290 380 Q200 450 110 380 Z', paint.main, paint) +
    ellipse(200, 120, 45, 35, paint.light, paint) +
    line('M200 160 L200 400 M125 220 L275 220 M120 300 L280 300', paint, 3),
  'camping-stove': (paint) =>
    rect(130, 260, 140, 170, paint.main, paint, 40) +
    rect(180, 230, 40, 40, '#8b9096', paint, 4) +
    line('M120 230 L280 230 M140 200 L150 230 M260 200 L250 230', paint, 8) +
    ellipse(200, 225, 40, 8, '#e07a2e', paint),
  'folding-chair': (paint) =>
    line('M120 430 L280 230 M280 430 L120 230 M120 230 L120 90 M280 230 L280 90', paint, 10) +
    path('M110 220 Q200 280 290 220 L290 240 Q200 300 110 240 Z', paint.main, paint) +
    rect(120, 100, 160, 90, paint.main, paint, 8),
  'water-bottle': (paint) =>
    rect(160, 70, 80, 50, paint.dark, paint, 10) +
    path(
      'M150 120 L250 120 L270 170 L270 410 Q270 430 250 430 L150 430 Q130 430 130 410 L130 170 Z',
      paint.main,
      paint,
    ) +
    rect(130, 250, 140, 70, paint.light, paint, 0),
  hammock: (paint) =>
    line('M40 60 L40 430 M360 60 L360 430', paint, 14) +
    line('M40 150 L100 230 M360 150 L300 230', paint, 3) +
    path('M100 230 Q200 400 300 230 Q200 330 100 230 Z', paint.main, paint),
};

export const gearDrawings: Record<string, Drawing> = { ...stationery, ...outdoor };
