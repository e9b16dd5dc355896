import type { UseFormReturnType } from '@mantine/form';
import { PasswordField } from './PasswordField';

type InputProps = ReturnType<UseFormReturnType<Record<string, unknown>>['getInputProps']>;

type NewPasswordFieldsProps = {
  label: string;
  /** The password rules, under the first field. */
  hint: string;
  repeatLabel: string;
  /** The input props of "password" and "passwordRepeat" (value, change handler, error). */
  inputProps: (field: 'password' | 'passwordRepeat') => InputProps;
};

/** A new password and its repetition. */
export function NewPasswordFields({ label, hint, repeatLabel, inputProps }: NewPasswordFieldsProps) {
  return (
    <>
      <PasswordField
        label={label}
        description={hint}
        autoComplete="new-password"
        required
        {...inputProps('password')}
      />
      <PasswordField
        label={repeatLabel}
        autoComplete="new-password"
        required
        {...inputProps('passwordRepeat')}
      />
    </>
  );
}
