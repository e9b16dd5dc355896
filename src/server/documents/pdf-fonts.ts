import PDFDocument from 'pdfkit';

/**
 * The standard PDF fonts (Helvetica, Helvetica-Bold), measured once per process.
 *
 * pdfkit builds a new font object for every document and every standard font it uses: it
 * parses the font's metrics into a dictionary of glyph widths and one of about 2,700 kerning
 * pairs keyed by glyph-name strings, then measures and encodes every string character by
 * character through those dictionaries. That was two fifths of the time of a rendered document.
 * Here each font's metrics are read once (from pdfkit's own font object, through its own methods)
 * into tables indexed by character code, and every document gets font objects of pdfkit's own
 * class that share them: the PDF objects, glyph positions and widths are exactly pdfkit's (the
 * renderer's tests compare the bytes with pdfkit's own fonts), only computed faster. The fonts
 * stay standard fonts (not embedded, as before: every PDF reader has them).
 *
 * This relies on pdfkit's internals (the document's `_font`, `_fontFamilies`, `_fontCount` and
 * the standard font's fields); pdfkit is pinned, and `sharedFontsSupported` is false (the
 * renderer then uses pdfkit's fonts as they are) when they are not as expected.
 */

type Position = {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
};

/** pdfkit's AFM metrics object (internal). */
type AfmFont = {
  encodeText(text: string): string[];
  characterToGlyph(code: number): string;
  widthOfGlyph(glyph: string): number;
  getKernPair(left: string, right: string | undefined): number;
};

/** pdfkit's StandardFont (internal). */
type StandardFont = {
  document: unknown;
  name: string;
  id: string;
  font: AfmFont;
  ascender: number;
  descender: number;
  bbox: number[];
  lineGap: number;
  xHeight: number;
  capHeight: number;
  encode(text: string): [string[], Position[]];
  widthOfString(text: string, size: number): number;
};

type DocumentInternals = {
  _font: StandardFont | null;
  _fontFamilies: Record<string, StandardFont>;
  _fontCount: number;
  _fontSource: unknown;
  _fontFamily: unknown;
};

/** Character code (UTF-16 unit) to glyph slot, glyph widths and kerning by slot pairs. */
type Metrics = {
  font: AfmFont;
  slotOf: Uint16Array;
  widths: Float64Array;
  kern: Float64Array;
  slots: number;
  /** Units (1/1000 of the font size) of whole strings, the same strings recur on every document. */
  unitsCache: Map<string, number>;
  encodeCache: Map<string, [string[], Position[]]>;
};

/**
 * Entries per cache before it is emptied: the strings that recur (labels, the issuer, line titles)
 * are far fewer; numbers and amounts are mostly unique. Larger caches only raised peak RSS.
 */
const CACHE_LIMIT = 2_000;

/** The hexadecimal code pdfkit writes for a character (WinAnsi), the same for every standard font. */
const hexOf: string[] = [];

function hexCode(font: AfmFont, code: number): string {
  const hex = font.encodeText(String.fromCharCode(code))[0] as string;
  hexOf[code] = hex;
  return hex;
}

function probe(name: string): StandardFont {
  const doc = new PDFDocument({ autoFirstPage: false, compress: false });
  doc.font(name);
  return (doc as unknown as DocumentInternals)._font as StandardFont;
}

function readMetrics(font: AfmFont): Metrics {
  const slotOf = new Uint16Array(65536);
  const names = new Map<string, number>();
  for (let code = 0; code < 65536; code++) {
    const glyph = font.characterToGlyph(code);
    let slot = names.get(glyph);
    if (slot === undefined) {
      slot = names.size;
      names.set(glyph, slot);
    }
    slotOf[code] = slot;
  }
  const glyphs = [...names.keys()];
  const n = glyphs.length;
  const widths = new Float64Array(n);
  const kern = new Float64Array(n * (n + 1));
  glyphs.forEach((left, l) => {
    widths[l] = font.widthOfGlyph(left);
    // Slot n stands for "no next glyph" (the end of the string): pdfkit asks for a pair with undefined.
    kern[l * (n + 1) + n] = font.getKernPair(left, undefined);
    glyphs.forEach((right, r) => {
      kern[l * (n + 1) + r] = font.getKernPair(left, right);
    });
  });
  return { font, slotOf, widths, kern, slots: n, unitsCache: new Map(), encodeCache: new Map() };
}

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** Width of a string in font units, exactly as pdfkit sums it (advance = width + kerning). */
function unitsOf(m: Metrics, text: string): number {
  const cached = m.unitsCache.get(text);
  if (cached !== undefined) return cached;
  const stride = m.slots + 1;
  let width = 0;
  const len = text.length;
  let left = len > 0 ? (m.slotOf[text.charCodeAt(0)] as number) : 0;
  for (let i = 0; i < len; i++) {
    const right = i + 1 < len ? (m.slotOf[text.charCodeAt(i + 1)] as number) : m.slots;
    width += (m.widths[left] as number) + (m.kern[left * stride + right] as number);
    left = right;
  }
  return remember(m.unitsCache, text, width);
}

/** pdfkit's StandardFont.encode: the hex codes and glyph positions of a string. */
function encode(m: Metrics, text: string): [string[], Position[]] {
  const cached = m.encodeCache.get(text);
  if (cached) return cached;
  const stride = m.slots + 1;
  const len = text.length;
  const encoded: string[] = new Array(len);
  const positions: Position[] = new Array(len);
  let left = len > 0 ? (m.slotOf[text.charCodeAt(0)] as number) : 0;
  for (let i = 0; i < len; i++) {
    const code = text.charCodeAt(i);
    encoded[i] = hexOf[code] ?? hexCode(m.font, code);
    const right = i + 1 < len ? (m.slotOf[text.charCodeAt(i + 1)] as number) : m.slots;
    const width = m.widths[left] as number;
    positions[i] = {
      xAdvance: width + (m.kern[left * stride + right] as number),
      yAdvance: 0,
      xOffset: 0,
      yOffset: 0,
      advanceWidth: width,
    };
    left = right;
  }
  return remember(m.encodeCache, text, [encoded, positions]);
}

type Shared = { proto: object; template: StandardFont; metrics: Metrics };

const shared = new Map<string, Shared>();

function sharedFont(name: string): Shared {
  let s = shared.get(name);
  if (!s) {
    const template = probe(name);
    const metrics = readMetrics(template.font);
    const proto = Object.create(Object.getPrototypeOf(template) as object) as StandardFont;
    proto.encode = function encodeShared(text: string) {
      return encode(metrics, `${text}`);
    };
    proto.widthOfString = function widthShared(text: string, size: number) {
      return unitsOf(metrics, `${text}`) * (size / 1000);
    };
    s = { proto, template, metrics };
    shared.set(name, s);
  }
  return s;
}

/** Whether pdfkit's internals are as this module expects (checked once, on the first document). */
let supported: boolean | undefined;
export function sharedFontsSupported(): boolean {
  if (supported === undefined) {
    try {
      const f = probe('Helvetica');
      const doc = new PDFDocument({ autoFirstPage: false }) as unknown as DocumentInternals;
      supported =
        typeof f.font?.characterToGlyph === 'function' &&
        typeof f.font.getKernPair === 'function' &&
        typeof f.font.widthOfGlyph === 'function' &&
        typeof f.font.encodeText === 'function' &&
        typeof f.encode === 'function' &&
        f.id === 'F1' &&
        typeof doc._fontFamilies === 'object' &&
        doc._fontCount === 1;
    } catch {
      supported = false;
    }
  }
  return supported;
}

/**
 * Gives a document created with `font: null` the standard fonts `names`, in this order, as the
 * font ids F1, F2, … that pdfkit would give them when first used in that order; the first is the
 * current font (pdfkit's default font is opened first).
 */
export function installSharedStandardFonts(pdf: PDFKit.PDFDocument, names: readonly string[]) {
  const doc = pdf as unknown as DocumentInternals;
  const fonts = names.map((name, i) => {
    const { proto, template } = sharedFont(name);
    const font = Object.create(proto) as StandardFont;
    font.document = pdf;
    font.name = template.name;
    font.id = `F${i + 1}`;
    font.font = template.font;
    font.ascender = template.ascender;
    font.descender = template.descender;
    font.bbox = template.bbox;
    font.lineGap = template.lineGap;
    font.xHeight = template.xHeight;
    font.capHeight = template.capHeight;
    return font;
  });
  doc._fontFamilies = {};
  for (const font of fonts) doc._fontFamilies[font.name] = font;
  doc._fontCount = fonts.length;
  doc._font = fonts[0] ?? null;
  doc._fontSource = names[0];
  doc._fontFamily = null;
}
