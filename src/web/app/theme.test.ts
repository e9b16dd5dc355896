import { DEFAULT_THEME, mergeMantineTheme } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { baseTheme, PRIMARY_SHADE } from './theme';

const theme = mergeMantineTheme(DEFAULT_THEME, baseTheme);

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255) as [
    number,
    number,
    number,
  ];
  const linear = (v: number) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2.1 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const WHITE = '#ffffff';
/** The colours the pages use for badges, buttons, alerts and text. */
const used = [
  'indigo',
  'blue',
  'red',
  'green',
  'teal',
  'yellow',
  'orange',
  'grape',
  'violet',
  'gray',
  'cyan',
];

describe('theme colours (WCAG 2.1 AA)', () => {
  it.each(used)('%s: filled controls, coloured text and light/subtle controls reach 4.5:1', (name) => {
    const shades = theme.colors[name];
    expect(shades).toBeDefined();
    const filled = shades![PRIMARY_SHADE];
    // White text on a filled control, and the colour as text on white (links, c="red").
    expect(contrast(filled, WHITE)).toBeGreaterThanOrEqual(4.5);
    // Light and subtle variants: shade 9 text on tint 0 (rest) and tint 1 (hover), and on white.
    for (const background of [shades![0], shades![1], WHITE])
      expect(contrast(shades![9], background)).toBeGreaterThanOrEqual(4.5);
    // Outlines and focus of controls: 3:1 against white.
    expect(contrast(filled, WHITE)).toBeGreaterThanOrEqual(3);
  });

  it('secondary (dimmed) text and the error colour reach 4.5:1 on white and on a light grey card', () => {
    for (const colour of [theme.colors.gray![7], theme.colors.red![9]]) {
      expect(contrast(colour, WHITE)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(colour, theme.colors.gray![1])).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("Mantine's defaults would fail (the reason for this theme)", () => {
    expect(contrast(DEFAULT_THEME.colors.gray[6], WHITE)).toBeLessThan(4.5);
    expect(contrast(DEFAULT_THEME.colors.indigo[6], WHITE)).toBeLessThan(4.5);
    expect(contrast(DEFAULT_THEME.colors.green[9], DEFAULT_THEME.colors.green[1])).toBeLessThan(4.5);
  });
});
