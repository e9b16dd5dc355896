import { Fieldset, SimpleGrid, Text, Textarea, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { type Locale, locales } from '../../shared/locales';
import { languageNames } from '../app/language';

type InputProps = {
  value?: unknown;
  onChange?: unknown;
  error?: ReactNode;
  onFocus?: unknown;
  onBlur?: unknown;
};

type LocalizedTextFieldsProps = {
  legend: string;
  description?: string;
  /** Props of each language's input, e.g. `(lang) => form.getInputProps(\`name.${lang}\`)`. */
  inputProps: (lang: Locale) => InputProps;
  /** The message about the text as a whole (e.g. "give it in at least one language"). */
  error?: ReactNode;
  multiline?: boolean;
  /** Prefix of the inputs' data-testid (`${testId}-nl`). */
  testId?: string;
  required?: boolean;
  /** Called on every change, e.g. to clear the message about the text as a whole. */
  onEdit?: () => void;
};

/** One text in nl, de and en: three inputs side by side (stacked on narrow screens). */
export function LocalizedTextFields({
  legend,
  description,
  inputProps,
  error,
  multiline,
  testId,
  required,
  onEdit,
}: LocalizedTextFieldsProps) {
  const Input = multiline ? Textarea : TextInput;
  return (
    <Fieldset
      variant="unstyled"
      legend={
        <Text component="span" size="sm" fw={600}>
          {legend}
          {required && (
            <Text component="span" c="red" aria-hidden>
              {' *'}
            </Text>
          )}
        </Text>
      }
    >
      {description && (
        <Text size="xs" c="dimmed" mb={4}>
          {description}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        {locales.map((lang) => {
          const props = inputProps(lang);
          const onChange = props.onChange as ((event: unknown) => void) | undefined;
          return (
            <Input
              key={lang}
              label={languageNames[lang]}
              aria-label={`${legend} (${languageNames[lang]})`}
              lang={lang}
              autosize={multiline ? true : undefined}
              minRows={multiline ? 2 : undefined}
              data-testid={testId ? `${testId}-${lang}` : undefined}
              styles={{ label: { fontWeight: 400, color: 'var(--mantine-color-dimmed)' } }}
              {...(props as object)}
              onChange={(event: unknown) => {
                onChange?.(event);
                onEdit?.();
              }}
            />
          );
        })}
      </SimpleGrid>
      {error && (
        <Text size="xs" c="red" mt={4} role="alert">
          {error}
        </Text>
      )}
    </Fieldset>
  );
}
