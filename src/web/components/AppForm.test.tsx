// @vitest-environment jsdom
import { Button, MantineProvider, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { installBrowserShims } from '../test/render-app';
import { AppForm } from './AppForm';
import { ErrorBanner } from './ErrorBanner';

afterEach(cleanup);

function Example({ serverError }: { serverError?: 'field' | 'banner' }) {
  const form = useForm({
    initialValues: { name: '', email: '' },
    validate: { email: (v) => (v ? null : 'Required') },
  });
  const [banner, setBanner] = useState(false);
  return (
    <AppForm
      onSubmit={form.onSubmit(() => {
        // The server's answer arrives later.
        setTimeout(() => {
          if (serverError === 'field') form.setErrors({ name: 'Taken' });
          if (serverError === 'banner') setBanner(true);
        }, 10);
      })}
    >
      <TextInput label="Name" {...form.getInputProps('name')} />
      <TextInput label="E-mail" {...form.getInputProps('email')} />
      {banner && <ErrorBanner error={new Error('x')} message="Refused" />}
      <Button type="submit">Save</Button>
    </AppForm>
  );
}

const frame = () => act(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))));
const later = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)));

describe('AppForm', () => {
  installBrowserShims();

  it('moves the focus to the first field the client-side validation marks', async () => {
    render(
      <MantineProvider>
        <Example />
      </MantineProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await frame();
    expect(document.activeElement).toBe(screen.getByLabelText('E-mail'));
  });

  it('moves the focus to a field the server marks after the answer arrives', async () => {
    render(
      <MantineProvider>
        <Example serverError="field" />
      </MantineProvider>,
    );
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'a@b.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await later();
    expect(document.activeElement).toBe(screen.getByLabelText('Name'));
  });

  it('moves the focus to the error banner when the server marks no field', async () => {
    render(
      <MantineProvider>
        <Example serverError="banner" />
      </MantineProvider>,
    );
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'a@b.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await later();
    expect(document.activeElement).toBe(screen.getByTestId('error-banner'));
  });

  it('does not move the focus when the user types before the answer arrives', async () => {
    render(
      <MantineProvider>
        <Example serverError="field" />
      </MantineProvider>,
    );
    const email = screen.getByLabelText('E-mail');
    fireEvent.change(email, { target: { value: 'a@b.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    email.focus();
    fireEvent.input(email, { target: { value: 'a@b.example2' } });
    await later();
    expect(document.activeElement).toBe(email);
  });
});
