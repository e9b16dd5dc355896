import { Tabs, type TabsListProps } from '@mantine/core';
import { useEffect, useRef } from 'react';

/**
 * A tab list that keeps the selected tab in view. The theme lets every tab list scroll sideways
 * where it does not fit (a phone); a tab chosen by the URL (`?tab=history`) or by the arrow keys
 * could otherwise stay out of sight. `value` is the selected tab.
 */
export function ScrollingTabsList({ value, ...props }: TabsListProps & { value: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the selected tab is read from the DOM; `value` says when it changed
  useEffect(() => {
    const list = ref.current;
    if (!list) return;
    const reveal = () => {
      const tab = list.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
      if (!tab || list.scrollWidth <= list.clientWidth) return;
      // The list is the tabs' offset parent (Mantine positions it); leave a glimpse of the neighbour.
      const margin = 24;
      if (tab.offsetLeft < list.scrollLeft) list.scrollLeft = Math.max(0, tab.offsetLeft - margin);
      else if (tab.offsetLeft + tab.offsetWidth > list.scrollLeft + list.clientWidth)
        list.scrollLeft = tab.offsetLeft + tab.offsetWidth - list.clientWidth + margin;
    };
    reveal();
    // Again once the list has its size: while a tab's panel loads, the page may be hidden for a
    // moment (no width to scroll in), and a turned phone changes what fits.
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(reveal);
    observer.observe(list);
    return () => observer.disconnect();
  }, [value]);
  return <Tabs.List ref={ref} {...props} />;
}
