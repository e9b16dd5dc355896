import { Alert, Button, Checkbox, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { missingRequiredFields } from '../../../shared/module-data';
import { type BookingDto, bookingDto, type ModuleField } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import { useLocale } from '../../app/i18n';
import { AppForm } from '../../components/AppForm';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorBanner } from '../../components/ErrorBanner';
import { localizedTextOf as localized } from '../../components/localized-values';
import { changeModuleData } from './bookings.api';
import {
  isFieldEditable,
  type ModuleDataFormValues,
  moduleDataChanges,
  toFormValues,
  validateModuleDataChanges,
} from './module-data-form';

type ModuleDataFormProps = {
  booking: BookingDto;
  realm: 'client' | 'staff';
  /** The query holding this booking (replaced by the saved or the newer version). */
  queryKey: readonly unknown[];
  /** The modules section listing this booking (refreshed after a save). */
  listKey: readonly unknown[];
};

/** The current booking sent with a 409 for a stale version, if it is one. */
function conflictingBooking(error: unknown): BookingDto | null {
  if (!isApiError(error) || error.status !== 409) return null;
  const parsed = bookingDto.safeParse(error.problem?.current);
  return parsed.success ? parsed.data : null;
}

/**
 * A booking's module-specific data (DOMAIN.md §3, module block (1)): the fields the user may edit
 * as inputs, the others read-only; checked with the shared module-data rules before sending, saved
 * with the version read so a concurrent change is not overwritten.
 */
export function ModuleDataForm({ booking, realm, queryKey, listKey }: ModuleDataFormProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const [conflict, setConflict] = useState<BookingDto | null>(null);
  const canEdit = booking.abilities['booking.editModuleData'] === true;
  const editable = (field: ModuleField) => isFieldEditable(field, realm, canEdit);
  const form = useForm<ModuleDataFormValues>({
    initialValues: toFormValues(booking.fields, booking.moduleData),
    validate: (values) =>
      validateModuleDataChanges(
        booking.fields,
        moduleDataChanges(booking.fields, editable, booking.moduleData, values),
        t,
      ),
  });

  const save = useMutation({
    mutationFn: (values: ModuleDataFormValues) =>
      changeModuleData(realm, booking.id, {
        values: moduleDataChanges(booking.fields, editable, booking.moduleData, values),
        version: booking.version,
      }),
    onSuccess: (saved) => {
      setConflict(null);
      queryClient.setQueryData(queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: listKey });
      const next = toFormValues(saved.fields, saved.moduleData);
      form.setValues(next);
      form.resetDirty(next);
      notifications.show({
        color: 'green',
        message: t('bookings.data.saved'),
        closeButtonProps: { 'aria-label': t('common.close') },
      });
    },
    onError: (error) => {
      if (!isApiError(error)) return;
      form.setErrors(error.fieldErrors);
      const current = conflictingBooking(error);
      if (current) {
        setConflict(current);
        // The newer version becomes the base of the next save; the user's input stays in the form.
        queryClient.setQueryData(queryKey, current);
        void queryClient.invalidateQueries({ queryKey: listKey });
      }
    },
  });

  if (booking.fields.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('bookings.data.noFields')}
      </Text>
    );
  }

  const missing = missingRequiredFields(booking.fields, booking.moduleData);
  const anyEditable = booking.fields.some(editable);
  return (
    <AppForm onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="md">
        {missing.length > 0 && (
          <Alert color="blue" variant="light" data-testid="module-data-missing">
            {t('bookings.data.missing', {
              fields: booking.fields
                .filter((f) => missing.includes(f.key))
                .map((f) => localized(f.label, locale))
                .join(', '),
            })}
          </Alert>
        )}
        {conflict && (
          <ConflictAlert
            text={t('bookings.data.conflict')}
            actionLabel={t('bookings.data.useCurrent')}
            onUseCurrent={() => {
              const current = toFormValues(conflict.fields, conflict.moduleData);
              form.setValues(current);
              form.resetDirty(current);
              setConflict(null);
            }}
          />
        )}
        {save.isError && !conflict && <ErrorBanner error={save.error} />}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
          {booking.fields.map((field) => (
            <ModuleFieldInput
              key={field.key}
              field={field}
              form={form}
              editable={editable(field)}
              // The real reason a field cannot be changed: the operator sets it, or the user's role
              // (a member) may not change module data at all.
              readOnlyReason={
                field.clientEditable && !canEdit
                  ? t('bookings.data.roleReadOnly')
                  : t('bookings.data.staffOnly')
              }
            />
          ))}
        </SimpleGrid>
        {anyEditable ? (
          <Group>
            <Button type="submit" loading={save.isPending} data-testid="module-data-save">
              {t('bookings.data.save')}
            </Button>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {t('bookings.data.readOnly')}
          </Text>
        )}
      </Stack>
    </AppForm>
  );
}

/** The part of the form one input needs. */
type FormApi = {
  getInputProps: UseFormReturnType<ModuleDataFormValues>['getInputProps'];
  values: ModuleDataFormValues;
  setFieldValue: (path: string, value: string | boolean) => void;
};

function ModuleFieldInput({
  field,
  form,
  editable,
  readOnlyReason,
}: {
  field: ModuleField;
  form: FormApi;
  editable: boolean;
  /** Shown under a field that cannot be changed: why. */
  readOnlyReason: string;
}) {
  const locale = useLocale();
  const label = localized(field.label, locale);
  const description = editable ? undefined : readOnlyReason;
  const common = {
    label,
    description,
    required: field.required && editable,
    readOnly: !editable,
    variant: editable ? 'default' : 'filled',
    'data-testid': `module-field-${field.key}`,
  } as const;
  switch (field.type) {
    case 'boolean':
      return (
        <Checkbox
          mt="lg"
          label={label}
          description={description}
          disabled={!editable}
          data-testid={`module-field-${field.key}`}
          {...form.getInputProps(field.key, { type: 'checkbox' })}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={(field.options ?? []).map((o) => ({ value: o.value, label: localized(o.label, locale) }))}
          clearable={!field.required && editable}
          allowDeselect={!field.required}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps(field.key)}
          value={(form.values[field.key] as string) || null}
          onChange={(value) => form.setFieldValue(field.key, value ?? '')}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          type={field.type === 'email' ? 'email' : field.type === 'phone' ? 'tel' : 'text'}
          inputMode={field.type === 'number' ? 'decimal' : undefined}
          {...form.getInputProps(field.key)}
        />
      );
  }
}
