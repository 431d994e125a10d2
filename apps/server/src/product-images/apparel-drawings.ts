import { column, type Drawing, dots, ellipse, line, type Paint, path, rect } from './drawing-kit.ts';

const sleeved = (hem: number) =>
  `M160 100 L240 100 L300 130 L335 ${hem - 30} L303 ${hem - 20} L280 200 L280 ${hem} L120 ${hem} L120 200 L97 ${hem - 20} L65 ${hem - 30} L100 130 Z`;
const sleeveless = (hem: number) => `M160 100 L240 100 L282 135 L280 ${hem} L120 ${hem} L118 135 Z`;
const shortSleeved = (hem: number) =>
  `M160 100 L240 100 L300 130 L322 200 L285 212 L280 190 L280 ${hem} L120 ${hem} L120 190 L115 212 L78 200 L100 130 Z`;

function coat({
  hem,
  hood = false,
  sleeves = true,
}: {
  hem: number;
  hood?: boolean;
  sleeves?: boolean;
}): Drawing {
  return (paint) =>
    (hood ? path('M150 108 Q150 40 200 40 Q250 40 250 108 Z', paint.main, paint) : '') +
    path(sleeves ? sleeved(hem) : sleeveless(hem), paint.main, paint) +
    path('M160 100 L200 160 L240 100', paint.light, paint) +
    line(`M200 160 L200 ${hem}`, paint) +
    rect(135, hem - 110, 45, 50, paint.main, paint) +
    rect(220, hem - 110, 45, 50, paint.main, paint) +
    dots(column(212, 190, 45, Math.floor((hem - 200) / 45)), paint.dark, 6);
}

function knit({
  hem,
  sleeves = true,
  neck,
}: {
  hem: number;
  sleeves?: boolean;
  neck: 'crew' | 'roll' | 'v' | 'open';
}): Drawing {
  return (paint) =>
    path(sleeves ? sleeved(hem) : sleeveless(hem), paint.main, paint) +
    rect(118, hem - 25, 164, 25, paint.light, paint, 3) +
    (sleeves
      ? rect(63, hem - 55, 36, 22, paint.light, paint, 3) + rect(301, hem - 55, 36, 22, paint.light, paint, 3)
      : '') +
    (neck === 'roll' ? rect(165, 70, 70, 45, paint.light, paint, 10) : '') +
    (neck === 'crew' ? path('M165 100 Q200 130 235 100', 'none', paint) : '') +
    (neck === 'v' || neck === 'open' ? path('M163 100 L200 170 L237 100', paint.light, paint) : '') +
    (neck === 'open'
      ? line(`M200 170 L200 ${hem}`, paint) + dots(column(212, 195, 35, 4), paint.dark, 5)
      : '') +
    line(
      `M140 150 L140 ${hem - 40} M170 150 L170 ${hem - 40} M230 150 L230 ${hem - 40} M260 150 L260 ${hem - 40}`,
      paint,
      2,
    );
}

const beanie: Drawing = (paint) =>
  ellipse(200, 120, 30, 30, paint.light, paint) +
  path('M110 330 Q110 150 200 150 Q290 150 290 330 Z', paint.main, paint) +
  rect(100, 300, 200, 70, paint.light, paint, 12) +
  line(
    'M130 305 L130 365 M160 305 L160 365 M190 305 L190 365 M220 305 L220 365 M250 305 L250 365 M280 305 L280 365',
    paint,
    3,
  );

const scarf: Drawing = (paint) =>
  path('M150 60 L230 60 L230 420 L150 420 Z', paint.main, paint) +
  path('M230 130 L290 180 L250 380 L200 360 Z', paint.main, paint) +
  line('M150 120 L230 120 M150 360 L230 360', paint, 3) +
  line('M158 425 L158 450 M174 425 L174 450 M190 425 L190 450 M206 425 L206 450 M222 425 L222 450', paint, 3);

function shirt({ short = false, collar = true }: { short?: boolean; collar?: boolean }): Drawing {
  return (paint) =>
    path(short ? shortSleeved(400) : sleeved(400), paint.main, paint) +
    (collar ? path('M160 100 L185 150 L200 115 L215 150 L240 100 L200 112 Z', paint.light, paint) : '') +
    line('M200 115 L200 400', paint, 3) +
    dots(column(210, 140, 45, short ? 2 : 6), paint.light, 5) +
    rect(220, 165, 40, 40, paint.main, paint, 3);
}

function trousers(hem: number): Drawing {
  return (paint) =>
    rect(128, 80, 144, 34, paint.light, paint, 4) +
    path(`M128 114 L272 114 L290 ${hem} L216 ${hem} L200 200 L184 ${hem} L110 ${hem} Z`, paint.main, paint) +
    line('M150 114 Q160 150 135 160 M250 114 Q240 150 265 160', paint, 3) +
    line(`M160 114 L160 ${Math.min(hem, 200)}`, paint, 2);
}

function shoe({
  shaft = 0,
  laces = false,
  sole = 'rubber',
}: {
  shaft?: number;
  laces?: boolean;
  sole?: 'rubber' | 'jute' | 'soft';
}): Drawing {
  return (paint) =>
    path(
      `M90 380 L95 ${300 - shaft} L200 ${300 - shaft} L205 300 Q260 322 320 338 Q350 350 345 380 Z`,
      paint.main,
      paint,
    ) +
    rect(
      80,
      378,
      272,
      28,
      sole === 'jute' ? '#d9c49b' : sole === 'soft' ? paint.light : paint.dark,
      paint,
      10,
    ) +
    (laces ? line('M200 305 L225 315 M190 320 L235 330 M185 336 L245 345', paint, 4) : '') +
    (shaft > 60 ? rect(150, 320 - shaft, 28, 80, paint.light, paint, 4) : '') +
    (sole === 'jute' ? line('M90 392 L350 392', paint, 2) : '');
}

function bag(kind: 'backpack' | 'tote' | 'weekender' | 'messenger' | 'crossbody' | 'wallet'): Drawing {
  return (paint: Paint) => {
    switch (kind) {
      case 'backpack':
        return (
          line('M170 130 Q200 80 230 130', paint, 10) +
          rect(105, 120, 190, 300, paint.main, paint, 45) +
          path('M105 200 Q105 120 200 120 Q295 120 295 200 L295 250 L105 250 Z', paint.light, paint) +
          rect(140, 300, 120, 80, paint.main, paint, 14) +
          dots([[200, 250]], paint.dark, 9)
        );
      case 'tote':
        return (
          line('M150 200 Q150 90 200 90 Q250 90 250 200', paint, 12) +
          path('M100 200 L300 200 L320 420 L80 420 Z', paint.main, paint) +
          line('M100 230 L300 230', paint, 3)
        );
      case 'weekender':
        return (
          line('M150 230 Q150 150 200 150 Q250 150 250 230', paint, 12) +
          rect(60, 220, 280, 170, paint.main, paint, 60) +
          line('M80 250 L320 250', paint, 3) +
          rect(70, 300, 40, 60, paint.light, paint, 8) +
          rect(290, 300, 40, 60, paint.light, paint, 8)
        );
      case 'messenger':
        return (
          line('M90 220 Q200 40 310 220', paint, 10) +
          rect(80, 210, 240, 190, paint.main, paint, 12) +
          path('M80 215 L320 215 L320 330 Q200 350 80 330 Z', paint.light, paint) +
          rect(185, 320, 30, 40, paint.dark, paint, 4)
        );
      case 'crossbody':
        return (
          line('M135 270 Q200 20 265 270', paint, 7) +
          rect(120, 260, 160, 130, paint.main, paint, 22) +
          path(
            'M120 285 Q120 260 150 260 L250 260 Q280 260 280 285 L280 330 L120 330 Z',
            paint.light,
            paint,
          ) +
          dots([[200, 330]], paint.dark, 8)
        );
      case 'wallet':
        return (
          rect(90, 200, 220, 150, paint.main, paint, 14) +
          line('M200 200 L200 350', paint, 3) +
          rect(215, 225, 80, 18, paint.light, paint, 3) +
          rect(215, 255, 80, 18, paint.light, paint, 3) +
          line('M100 210 L190 210 M100 340 L190 340', paint, 2)
        );
    }
  };
}

export const apparelDrawings: Record<string, Drawing> = {
  'field-jacket': coat({ hem: 360 }),
  parka: coat({ hem: 420, hood: true }),
  raincoat: coat({ hem: 430, hood: true }),
  overshirt: coat({ hem: 370 }),
  'chore-coat': coat({ hem: 380 }),
  gilet: coat({ hem: 360, sleeves: false }),
  peacoat: coat({ hem: 400 }),
  'crewneck-jumper': knit({ hem: 360, neck: 'crew' }),
  cardigan: knit({ hem: 370, neck: 'open' }),
  'roll-neck': knit({ hem: 360, neck: 'roll' }),
  'knitted-vest': knit({ hem: 340, sleeves: false, neck: 'v' }),
  beanie,
  scarf,
  'oxford-shirt': shirt({}),
  'flannel-shirt': shirt({}),
  'cuban-collar-shirt': shirt({ short: true }),
  'linen-shirt': shirt({}),
  'grandad-shirt': shirt({ collar: false }),
  polo: shirt({ short: true }),
  chinos: trousers(430),
  'work-trousers': trousers(430),
  jeans: trousers(430),
  'pleated-trousers': trousers(430),
  'drawstring-trousers': trousers(430),
  shorts: trousers(290),
  trainers: shoe({ laces: true }),
  'chelsea-boots': shoe({ shaft: 110 }),
  loafers: shoe({}),
  'hiking-boots': shoe({ shaft: 90, laces: true }),
  espadrilles: shoe({ sole: 'jute' }),
  slippers: shoe({ sole: 'soft' }),
  backpack: bag('backpack'),
  tote: bag('tote'),
  weekender: bag('weekender'),
  'messenger-bag': bag('messenger'),
  'crossbody-bag': bag('crossbody'),
  wallet: bag('wallet'),
};
