import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

// React's own constraint for lazy components (any props).
// biome-ignore lint/suspicious/noExplicitAny: the component's props are inferred from the module
type AnyComponent = ComponentType<any>;

/**
 * A named export of a module that is loaded when the component first renders: its own chunk,
 * outside the first load of the page around it (render it inside `<Suspense>`). For parts that a
 * page shows only on demand: edit forms, dialogs, other tabs.
 *
 *   const VatForm = lazyComponent(() => import('./VatForm'), 'VatForm');
 */
export function lazyComponent<K extends string, C extends AnyComponent>(
  load: () => Promise<Record<K, C>>,
  name: K,
): LazyExoticComponent<C> {
  return lazy(async () => ({ default: (await load())[name] }));
}
