/**
 * The demo shop's vocabulary: each category names the things it sells, the words that describe
 * them and the options they come in, so a generated chair is a chair in Furniture, its sizes or
 * finishes read in a sensible order and a search for a word finds things that are that word.
 */
export interface CategoryPlan {
  name: string;
  /** What the category sells; the last word of every product name. */
  items: readonly string[];
  /** What goes before the item: a material, a cut or a style that fits every item listed. */
  qualities: readonly string[];
  /** Options in the order a shopper reads them (sizes small to large, finishes, colours). */
  options: readonly string[];
  /** 'ladder': a run of neighbouring options (S–L); 'choice': any few, kept in list order. */
  optionShape: 'ladder' | 'choice';
  /** Added per step along the options, in cents: a king-size duvet costs more than a single. */
  stepCents: number;
  dollars: readonly [min: number, max: number];
  /** Sentences to describe one product with; `{item}` and `{quality}` are filled in. */
  sentences: readonly string[];
  /**
   * The colours its pictures come in. Where the options are colours or finishes these are the
   * options, and a product shows one picture per variant; otherwise a product gets one of them.
   */
  colours: readonly string[];
}

const apparelSizes = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const shoeSizes = ['EU 37', 'EU 38', 'EU 39', 'EU 40', 'EU 41', 'EU 42', 'EU 43', 'EU 44', 'EU 45'];
const clothColours = ['Charcoal', 'Navy', 'Oatmeal', 'Forest Green', 'Rust', 'Ecru', 'Black'];
const bagColours = ['Black', 'Olive', 'Tan', 'Navy', 'Sand'];
const woodFinishes = ['Natural Oak', 'Walnut', 'Black Ash', 'White Oak', 'Beech'];
const lampColours = ['Black', 'White', 'Brass', 'Sage'];
const outdoorColours = ['Forest Green', 'Orange', 'Grey', 'Blue'];

export const demoCatalog: readonly CategoryPlan[] = [
  {
    name: 'Outerwear',
    items: ['Field Jacket', 'Parka', 'Raincoat', 'Overshirt', 'Chore Coat', 'Gilet', 'Peacoat'],
    qualities: ['Waxed Cotton', 'Wool Blend', 'Recycled Nylon', 'Quilted', 'Corduroy', 'Ripstop'],
    options: apparelSizes,
    optionShape: 'ladder',
    stepCents: 0,
    dollars: [90, 420],
    sentences: [
      'A {quality} {item} cut with room for a layer underneath.',
      'Two deep hand pockets and an inside pocket that takes a phone.',
      'The {quality} shell sheds light rain and softens with wear.',
      'Sized true to fit; take your usual size.',
    ],
    colours: ['Olive', 'Navy', 'Sand', 'Black', 'Rust'],
  },
  {
    name: 'Knitwear',
    items: ['Crewneck Jumper', 'Cardigan', 'Roll Neck', 'Knitted Vest', 'Beanie', 'Scarf'],
    qualities: ['Merino', 'Lambswool', 'Cashmere Blend', 'Organic Cotton', 'Fisherman Rib', 'Alpaca'],
    options: clothColours,
    optionShape: 'choice',
    stepCents: 0,
    dollars: [35, 240],
    sentences: [
      'A {quality} {item} knitted to keep its shape wash after wash.',
      'Soft against the skin and warm without the bulk.',
      'Hand wash cool or use the wool cycle; dry flat.',
      'Spun and knitted in small batches.',
    ],
    colours: clothColours,
  },
  {
    name: 'Shirts',
    items: ['Oxford Shirt', 'Flannel Shirt', 'Cuban Collar Shirt', 'Linen Shirt', 'Grandad Shirt', 'Polo'],
    qualities: ['Brushed Cotton', 'Washed Linen', 'Chambray', 'Poplin', 'Seersucker', 'Striped'],
    options: apparelSizes,
    optionShape: 'ladder',
    stepCents: 0,
    dollars: [40, 150],
    sentences: [
      'A {quality} {item} with a relaxed fit and a curved hem.',
      'Mother-of-pearl buttons and a pocket on the chest.',
      'Pre-washed, so it fits the same after its first wash as before.',
      'Easy to wear tucked in or out.',
    ],
    colours: ['Ecru', 'Navy', 'Sage', 'Charcoal', 'White'],
  },
  {
    name: 'Trousers',
    items: ['Chinos', 'Work Trousers', 'Jeans', 'Pleated Trousers', 'Drawstring Trousers', 'Shorts'],
    qualities: ['Stretch Twill', 'Selvedge Denim', 'Cotton Canvas', 'Wool Flannel', 'Ripstop', 'Linen'],
    options: apparelSizes,
    optionShape: 'ladder',
    stepCents: 0,
    dollars: [50, 190],
    sentences: [
      '{quality} {item} with a straight leg that sits at the waist.',
      'Reinforced pockets and bar-tacked seams where they take the strain.',
      'Hemmed long enough to turn up.',
      'Machine washable at 30 degrees.',
    ],
    colours: ['Navy', 'Sand', 'Charcoal', 'Olive', 'Black'],
  },
  {
    name: 'Footwear',
    items: ['Trainers', 'Chelsea Boots', 'Loafers', 'Hiking Boots', 'Espadrilles', 'Slippers'],
    qualities: ['Suede', 'Leather', 'Canvas', 'Waxed Leather', 'Felted Wool', 'Nubuck'],
    options: shoeSizes,
    optionShape: 'ladder',
    stepCents: 0,
    dollars: [45, 260],
    sentences: [
      '{quality} {item} on a cushioned sole that grips in the wet.',
      'Made on a roomy last; between sizes, take the smaller one.',
      'The insole lifts out, so your own fits too.',
      'Stitched rather than glued, so they can be resoled.',
    ],
    colours: ['Tan', 'Black', 'Sand', 'Navy'],
  },
  {
    name: 'Bags',
    items: ['Backpack', 'Tote', 'Weekender', 'Messenger Bag', 'Crossbody Bag', 'Wallet'],
    qualities: ['Waxed Canvas', 'Full-grain Leather', 'Recycled Nylon', 'Cotton Duck', 'Roll-top'],
    options: bagColours,
    optionShape: 'choice',
    stepCents: 0,
    dollars: [25, 320],
    sentences: [
      'A {quality} {item} with a padded sleeve for a laptop.',
      'Brass hardware and a zipped pocket for keys.',
      'Light enough to carry every day, tough enough to check in.',
      'Wipe clean with a damp cloth.',
    ],
    colours: bagColours,
  },
  {
    name: 'Furniture',
    items: ['Dining Chair', 'Stool', 'Side Table', 'Bookcase', 'Bench', 'Coffee Table', 'Armchair'],
    qualities: ['Shaker', 'Windsor', 'Mid-century', 'Stackable', 'Folding', 'Farmhouse'],
    options: woodFinishes,
    optionShape: 'choice',
    stepCents: 1500,
    dollars: [60, 900],
    sentences: [
      'A {quality} {item} in solid hardwood, finished with a hard-wearing oil.',
      'Joined with mortise and tenon, without a screw in sight.',
      'Arrives flat and goes together in ten minutes.',
      'Felt pads underneath keep floors unmarked.',
    ],
    colours: woodFinishes,
  },
  {
    name: 'Kitchen',
    items: ['Chef Knife', 'Frying Pan', 'Saucepan', 'Chopping Board', 'Casserole Dish', 'Kettle'],
    qualities: ['Carbon Steel', 'Cast Iron', 'Stainless Steel', 'Enamelled', 'Olive Wood', 'Copper'],
    options: ['Small', 'Medium', 'Large'],
    optionShape: 'ladder',
    stepCents: 1000,
    dollars: [18, 240],
    sentences: [
      'A {quality} {item} that heats evenly and lasts a lifetime.',
      'Works on gas, electric and induction.',
      'Balanced in the hand and easy to clean.',
      'Hand wash and dry straight away.',
    ],
    colours: ['Black', 'Steel', 'Copper', 'Charcoal'],
  },
  {
    name: 'Tableware',
    items: ['Dinner Plate', 'Bowl', 'Mug', 'Tumbler', 'Serving Platter', 'Wine Glass'],
    qualities: ['Stoneware', 'Porcelain', 'Hand-thrown', 'Speckled', 'Recycled Glass', 'Enamel'],
    options: ['Single', 'Set of 2', 'Set of 4', 'Set of 6'],
    optionShape: 'ladder',
    stepCents: 1800,
    dollars: [8, 90],
    sentences: [
      'A {quality} {item} glazed by hand, so no two are quite alike.',
      'Dishwasher and microwave safe.',
      'Stacks neatly in a cupboard.',
      'Heavy enough to feel good in the hand.',
    ],
    colours: ['Ecru', 'Sage', 'Navy', 'White', 'Oatmeal'],
  },
  {
    name: 'Lighting',
    items: ['Table Lamp', 'Floor Lamp', 'Pendant Light', 'Wall Light', 'Desk Lamp', 'Lantern'],
    qualities: ['Brass', 'Opal Glass', 'Rattan', 'Linen Shade', 'Ceramic', 'Powder-coated'],
    options: lampColours,
    optionShape: 'choice',
    stepCents: 0,
    dollars: [30, 380],
    sentences: [
      'A {quality} {item} that throws a warm, even light.',
      'Takes an E27 bulb up to 40 W; an LED bulb is included.',
      'A fabric cable and an inline switch.',
      'Wipe with a dry cloth.',
    ],
    colours: lampColours,
  },
  {
    name: 'Bedding',
    items: ['Duvet Cover', 'Fitted Sheet', 'Pillowcase Pair', 'Throw', 'Quilt', 'Duvet'],
    qualities: ['Washed Linen', 'Percale', 'Cotton Sateen', 'Brushed Cotton', 'Seersucker', 'Waffle'],
    options: ['Single', 'Double', 'King', 'Super King'],
    optionShape: 'ladder',
    stepCents: 2000,
    dollars: [25, 260],
    sentences: [
      'A {quality} {item} that gets softer with every wash.',
      'Breathable, so it stays cool in summer and cosy in winter.',
      'Machine wash at 40 degrees and tumble dry low.',
      'Woven from long-staple fibres.',
    ],
    colours: ['White', 'Oatmeal', 'Sage', 'Navy', 'Rust'],
  },
  {
    name: 'Stationery',
    items: ['Notebook', 'Fountain Pen', 'Desk Planner', 'Sketchbook', 'Pencil Case', 'Letter Set'],
    qualities: ['Dot Grid', 'Lined', 'Cloth-bound', 'Recycled Paper', 'Lay-flat', 'Pocket'],
    options: ['A6', 'A5', 'A4'],
    optionShape: 'ladder',
    stepCents: 400,
    dollars: [6, 90],
    sentences: [
      'A {quality} {item} with paper that takes ink without bleeding.',
      'Numbered pages and a ribbon marker.',
      'Opens flat, so writing to the edge is easy.',
      'Printed and bound by a family firm.',
    ],
    colours: ['Black', 'Navy', 'Rust', 'Forest Green', 'Sand'],
  },
  {
    name: 'Outdoor',
    items: ['Tent', 'Sleeping Bag', 'Camping Stove', 'Folding Chair', 'Water Bottle', 'Hammock'],
    qualities: ['Ultralight', 'Insulated', 'Weatherproof', 'Packable', 'Two-person', 'Three-season'],
    options: outdoorColours,
    optionShape: 'choice',
    stepCents: 0,
    dollars: [15, 480],
    sentences: [
      'A {quality} {item} that packs down small for the trail.',
      'Tested on wet weekends in the hills.',
      'Comes with a stuff sack and spare parts.',
      'Repairs are free for the first two years.',
    ],
    colours: outdoorColours,
  },
];
