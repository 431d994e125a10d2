/**
 * Where product pictures are served. The version is part of every URL, so the server can let
 * browsers keep a picture for a year: redrawing the artwork means a new version, and new URLs.
 */
export const productImageVersion = 'v1';
/** The widths every picture is served at; pages offer them all and the browser picks. */
export const productImageWidths = [320, 640, 1280] as const;

export interface ProductImage {
  /** The middle size, for browsers that ignore `srcSet`. */
  src: string;
  srcSet: string;
  alt: string;
  width: number;
  height: number;
}

export function productImageUrl(artwork: string, width: number): string {
  return `/images/${productImageVersion}/${artwork}/${width}.webp`;
}

export function productImage(image: {
  artwork: string;
  alt: string;
  width: number;
  height: number;
}): ProductImage {
  return {
    src: productImageUrl(image.artwork, 640),
    srcSet: productImageWidths
      .map((width) => `${productImageUrl(image.artwork, width)} ${width}w`)
      .join(', '),
    alt: image.alt,
    width: image.width,
    height: image.height,
  };
}
