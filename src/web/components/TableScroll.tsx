import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

type TableScrollProps = {
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  /** What the table shows; names the scroll region for screen readers. */
  label: string;
  children: ReactNode;
};

/**
 * A table that scrolls sideways on narrow screens. The scroll region is focusable and named, so
 * keyboard users can scroll it with the arrow keys (WCAG 2.1.1, axe scrollable-region-focusable).
 * Use it for every table that can be wider than a phone screen.
 */
export function TableScroll({ minWidth, label, children }: TableScrollProps) {
  return (
    <Table.ScrollContainer minWidth={minWidth} type="native" tabIndex={0} role="region" aria-label={label}>
      {children}
    </Table.ScrollContainer>
  );
}
