import { type FormHTMLAttributes, useEffect, useRef } from 'react';

/** What the focus goes to after a refused submit: the first marked field, else the form's error banner. */
export const FIELD_IN_ERROR = '[aria-invalid="true"], input[data-error]';
export const FORM_ERROR = '[data-form-error]';

/** How long after a submit a field or banner that turns up marked still takes the focus. */
const WAIT_FOR_ERRORS_MS = 15_000;

/** Moves the focus to the first field in error (or the form's error banner) in `form`; true if it did. */
export function focusFirstError(form: HTMLElement): boolean {
  const target =
    form.querySelector<HTMLElement>(FIELD_IN_ERROR) ?? form.querySelector<HTMLElement>(FORM_ERROR);
  if (!target) return false;
  target.focus();
  if (typeof target.scrollIntoView === 'function') target.scrollIntoView({ block: 'center' });
  return true;
}

type AppFormProps = Omit<FormHTMLAttributes<HTMLFormElement>, 'noValidate'>;

/**
 * The app's `<form>`: the browser's own validation is off (the shared schemas validate), and after a
 * submit that ends in errors — from the client's validation at once, or from the server's answer
 * later — the focus moves to the first field in error, or to the error banner when no field is
 * marked (WCAG 3.3.1). Typing again cancels the move, so the focus never jumps while someone edits.
 */
export function AppForm({ onSubmit, children, ...props }: AppFormProps) {
  const ref = useRef<HTMLFormElement>(null);
  const waitingUntil = useRef(0);

  useEffect(() => {
    const form = ref.current;
    if (!form) return;
    const onChange = () => {
      if (Date.now() > waitingUntil.current) return;
      if (focusFirstError(form)) waitingUntil.current = 0;
    };
    const observer = new MutationObserver(onChange);
    observer.observe(form, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-invalid', 'data-error', 'data-form-error'],
    });
    const stopWaiting = () => {
      waitingUntil.current = 0;
    };
    form.addEventListener('input', stopWaiting);
    return () => {
      observer.disconnect();
      form.removeEventListener('input', stopWaiting);
    };
  }, []);

  const handleSubmit = (event: Parameters<NonNullable<AppFormProps['onSubmit']>>[0]) => {
    waitingUntil.current = Date.now() + WAIT_FOR_ERRORS_MS;
    onSubmit?.(event);
    const form = event.currentTarget;
    // Client-side errors are rendered by the next frame; server-side ones reach the observer.
    requestAnimationFrame(() => {
      if (Date.now() <= waitingUntil.current && focusFirstError(form)) waitingUntil.current = 0;
    });
  };

  return (
    <form ref={ref} noValidate onSubmit={handleSubmit} {...props}>
      {children}
    </form>
  );
}
