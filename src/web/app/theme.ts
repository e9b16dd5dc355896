import {
  type CSSVariablesResolver,
  createTheme,
  DEFAULT_THEME,
  type MantineColorsTuple,
  type MantineThemeOverride,
  type ModalProps,
  type NotificationProps,
  type PaginationProps,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import classes from './theme.module.css';

/**
 * The app's look, in one place. Colours meet WCAG 2.1 AA on white (and on their own light tint):
 * text 4.5:1, large text and controls 3:1; theme.test.ts measures them. Rules of use:
 * - `color="x"` on Button/Badge/Alert (filled or light) is readable for every colour of the palette;
 * - secondary text is `c="dimmed"`, links are Anchor/AnchorLink (both in the primary colour);
 * - dialogs are Mantine's Modal: its close button is named by default (no per-dialog aria-label).
 */

/** Mantine's palette with shade 8 (filled, text, anchor) and 9 (light-variant text) darkened where they were too light. */
function darkened(
  name: keyof typeof DEFAULT_THEME.colors,
  shade8: string,
  shade9: string,
): MantineColorsTuple {
  const [s0, s1, s2, s3, s4, s5, s6, , s8] = DEFAULT_THEME.colors[name] as MantineColorsTuple;
  // Mantine's shade 8 moves to 7 (the hover of light controls); 8 and 9 become the darker ones.
  return [s0, s1, s2, s3, s4, s5, s6, s8, shade8, shade9];
}

export const themeColors = {
  red: darkened('red', '#d72f2f', '#bb2727'),
  green: darkened('green', '#278238', '#237133'),
  teal: darkened('teal', '#08825d', '#077151'),
  yellow: darkened('yellow', '#a66100', '#984f00'),
  orange: darkened('orange', '#c34b0a', '#b03a0c'),
  cyan: darkened('cyan', '#0b7d90', '#0a6c7e'),
  blue: darkened('blue', '#1971c2', '#1863a9'),
} satisfies Partial<Record<keyof typeof DEFAULT_THEME.colors, MantineColorsTuple>>;

/** The shade used for filled controls, coloured text and links (Mantine's default, 6, is too light on white). */
export const PRIMARY_SHADE = 8;

/**
 * Secondary text, error text and links: darker than Mantine's defaults (gray 6 is 3.3:1 on white).
 * Light and subtle controls: tint 0 at rest and tint 1 on hover (Mantine: 1 and 2), so their text
 * (shade 9) keeps 4.5:1 also under the mouse pointer.
 */
const cssVariablesResolver: CSSVariablesResolver = (theme) => ({
  variables: {},
  light: {
    ...Object.fromEntries(
      Object.keys(theme.colors).flatMap((name) => [
        [`--mantine-color-${name}-light`, `var(--mantine-color-${name}-0)`],
        [`--mantine-color-${name}-light-hover`, `var(--mantine-color-${name}-1)`],
      ]),
    ),
    '--mantine-color-dimmed': theme.colors.gray[7],
    '--mantine-color-error': theme.colors.red[9],
    '--mantine-color-placeholder': theme.colors.gray[6],
    '--mantine-color-anchor': theme.colors[theme.primaryColor]?.[PRIMARY_SHADE] ?? theme.black,
  },
  dark: {},
});

export const baseTheme: MantineThemeOverride = {
  primaryColor: 'indigo',
  primaryShade: { light: PRIMARY_SHADE, dark: PRIMARY_SHADE },
  colors: themeColors,
  // Filled controls in light colours get dark text instead of white.
  autoContrast: true,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
};

export { cssVariablesResolver };

/** The theme in the UI language: names that every dialog and notification needs (the close button). */
export function createAppTheme(t: TFunction) {
  const close = { 'aria-label': t('common.close'), title: t('common.close') };
  return createTheme({
    ...baseTheme,
    // Plain objects, not `Modal.extend(…)`: importing the components here would put Modal,
    // Pagination and their dependencies into the entry chunk of every page.
    components: {
      Modal: { defaultProps: { closeButtonProps: close } satisfies Partial<ModalProps> },
      // Long compound words ("Toegankelijkheidsverklaring") break instead of widening a 390 px page.
      Title: { styles: { root: { overflowWrap: 'break-word', hyphens: 'auto' } } },
      Notification: { defaultProps: { closeButtonProps: close } satisfies Partial<NotificationProps> },
      // A badge keeps its whole word; tab lists never wrap but scroll sideways (theme.module.css).
      Badge: { classNames: { root: classes.badge } },
      Tabs: { classNames: { list: classes.list, tab: classes.tab } },
      // Previous/next/first/last arrows of every pagination carry a name.
      Pagination: {
        defaultProps: {
          getControlProps: (control: 'first' | 'previous' | 'last' | 'next') => ({
            'aria-label': t(`common.pagination.${control}`),
          }),
        } satisfies Partial<PaginationProps>,
      },
    },
  });
}
