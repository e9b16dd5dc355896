import {
  ActionIcon,
  Button,
  Card,
  Checkbox,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ModuleDto, moduleBody, moduleDto, moduleFieldTypes } from '../../../shared/schemas';
import { isApiError } from '../../app/api';
import {
  type CustomMessage,
  isStaleVersion,
  problemFieldErrors,
  schemaFieldErrors,
} from '../../app/form-errors';
import { AppForm } from '../../components/AppForm';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LocalizedTextFields } from '../../components/LocalizedTextFields';
import { catalogKeys, createModule, updateModule } from './catalog.api';
import {
  emptyField,
  emptyOption,
  type FieldValues,
  type ModuleFormValues,
  moduleBodyOf,
  moduleFormValues,
  moveRow,
  withType,
} from './module-form';

/** Words for the schema's own checks (the generic "not valid" would not say what to do). */
export function catalogMessages(t: TFunction): CustomMessage {
  return (issue, field) => {
    if (issue.code === 'custom' && /(^|\.)(name|title|label|description)$/.test(field))
      return t('catalog.validation.oneLanguage');
    if (issue.code === 'custom' && field.endsWith('.options')) return t('catalog.validation.selectOptions');
    if (issue.code === 'custom' && field.endsWith('.key')) return t('catalog.validation.keyTwice');
    if (issue.code === 'invalid_format' && field.endsWith('.key')) return t('catalog.validation.key');
    return undefined;
  };
}

type ModuleFormProps = { module: ModuleDto | null };

/** Creates a module (module null) or edits one, guarded by the version read. */
export function ModuleForm({ module }: ModuleFormProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(module?.version ?? 0);
  const [conflict, setConflict] = useState<ModuleDto | null>(null);
  const form = useModuleForm(module, t);

  const save = useMutation({
    mutationFn: (values: ModuleFormValues) =>
      module
        ? updateModule(module.id, { ...moduleBodyOf(values), version })
        : createModule(moduleBodyOf(values)),
    onSuccess: (saved) => {
      setConflict(null);
      setVersion(saved.version);
      queryClient.setQueryData(catalogKeys.module(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: catalogKeys.modules });
      notifications.show({
        color: 'green',
        message: t('catalog.module.saved'),
        closeButtonProps: { 'aria-label': t('common.close') },
      });
      if (!module) {
        void navigate({ to: '/staff/catalog/modules/$id', params: { id: saved.id } });
        return;
      }
      const next = moduleFormValues(saved);
      form.setValues(next);
      form.resetDirty(next);
    },
    onError: (error) => {
      form.setErrors(problemFieldErrors(error, t, { namespace: 'catalog.problems' }));
      if (!isStaleVersion(error) || !isApiError(error)) return;
      const current = moduleDto.safeParse(error.problem?.current);
      if (!current.success) return;
      // The newer version is the base of the next save; what the user typed stays in the form.
      setConflict(current.data);
      setVersion(current.data.version);
      queryClient.setQueryData(catalogKeys.module(current.data.id), current.data);
    },
  });

  const fields = form.getValues().fields;
  const setFields = (next: FieldValues[]) => {
    form.clearErrors();
    form.setFieldValue('fields', next);
  };

  return (
    <AppForm onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="md">
        {conflict && (
          <ConflictAlert
            text={t('catalog.conflict.text')}
            actionLabel={t('catalog.conflict.useCurrent')}
            onUseCurrent={() => {
              const current = moduleFormValues(conflict);
              form.setValues(current);
              form.resetDirty(current);
              form.clearErrors();
              setConflict(null);
            }}
          />
        )}
        {save.isError && !conflict && <ErrorBanner error={save.error} />}
        <LocalizedTextFields
          legend={t('catalog.module.name')}
          required
          testId="module-name"
          inputProps={(lang) => form.getInputProps(`name.${lang}`)}
          error={form.errors.name}
          onEdit={() => form.clearFieldError('name')}
        />
        <LocalizedTextFields
          legend={t('catalog.module.description')}
          multiline
          testId="module-description"
          inputProps={(lang) => form.getInputProps(`description.${lang}`)}
          error={form.errors.description}
          onEdit={() => form.clearFieldError('description')}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('catalog.module.status')}
          </Text>
          <SegmentedControl
            w="fit-content"
            data={[
              { value: 'active', label: t('catalog.module.statuses.active') },
              { value: 'retired', label: t('catalog.module.statuses.retired') },
            ]}
            {...form.getInputProps('status')}
          />
          <Text size="xs" c="dimmed">
            {t('catalog.module.statusHint')}
          </Text>
        </Stack>

        <Stack gap="sm">
          <div>
            <Title order={3} size="h4">
              {t('catalog.fields.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('catalog.fields.intro')}
            </Text>
          </div>
          {fields.length === 0 && (
            <Text size="sm" c="dimmed" data-testid="fields-empty">
              {t('catalog.fields.empty')}
            </Text>
          )}
          {fields.map((field, index) => (
            <FieldEditor
              key={field.uid}
              form={form}
              field={field}
              index={index}
              count={fields.length}
              onMove={(delta) => setFields(moveRow(fields, index, delta))}
              onRemove={() => setFields(fields.filter((_, i) => i !== index))}
              onType={(type) => form.setFieldValue(`fields.${index}`, withType(field, type))}
            />
          ))}
          <Group>
            <Button
              variant="light"
              onClick={() => setFields([...fields, emptyField()])}
              data-testid="field-add"
            >
              {t('catalog.fields.add')}
            </Button>
          </Group>
        </Stack>

        <Group>
          <Button type="submit" loading={save.isPending} data-testid="module-save">
            {module ? t('catalog.module.save') : t('catalog.module.create')}
          </Button>
        </Group>
      </Stack>
    </AppForm>
  );
}

function useModuleForm(module: ModuleDto | null, t: TFunction) {
  return useForm<ModuleFormValues>({
    initialValues: moduleFormValues(module),
    validate: (values) => schemaFieldErrors(moduleBody, moduleBodyOf(values), t, catalogMessages(t)),
  });
}

type ModuleFormReturn = ReturnType<typeof useModuleForm>;

type FieldEditorProps = {
  form: ModuleFormReturn;
  field: FieldValues;
  index: number;
  count: number;
  onMove: (delta: number) => void;
  onRemove: () => void;
  onType: (type: FieldValues['type']) => void;
};

function FieldEditor({ form, field, index, count, onMove, onRemove, onType }: FieldEditorProps) {
  const { t } = useTranslation();
  const path = `fields.${index}`;
  const name = field.key || t('catalog.fields.number', { n: index + 1 });
  return (
    <Card withBorder padding="md" radius="md" data-testid="field-row">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm">
            {t('catalog.fields.number', { n: index + 1 })}
          </Text>
          <Group gap={4} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              disabled={index === 0}
              onClick={() => onMove(-1)}
              aria-label={t('catalog.fields.moveUp', { name })}
            >
              ↑
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              disabled={index === count - 1}
              onClick={() => onMove(1)}
              aria-label={t('catalog.fields.moveDown', { name })}
            >
              ↓
            </ActionIcon>
            <Button size="xs" variant="subtle" color="red" onClick={onRemove}>
              {t('catalog.fields.remove')}
            </Button>
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
          <TextInput
            label={t('catalog.fields.key')}
            description={t('catalog.fields.keyHint')}
            required
            data-testid="field-key"
            {...form.getInputProps(`${path}.key`)}
          />
          <Select
            label={t('catalog.fields.type')}
            description={t('catalog.fields.typeHint')}
            data={moduleFieldTypes.map((type) => ({ value: type, label: t(`catalog.fieldTypes.${type}`) }))}
            value={field.type}
            allowDeselect={false}
            onChange={(value) => value && onType(value as FieldValues['type'])}
            data-testid="field-type"
            error={form.errors[`${path}.type`]}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('catalog.fields.access')}
            </Text>
            <SegmentedControl
              size="xs"
              data={[
                { value: 'client', label: t('catalog.fields.clientEditable') },
                { value: 'staff', label: t('catalog.fields.staffOnly') },
              ]}
              value={field.clientEditable ? 'client' : 'staff'}
              onChange={(value) => form.setFieldValue(`${path}.clientEditable`, value === 'client')}
            />
          </Stack>
          <Checkbox
            mt={{ md: 28 }}
            label={t('catalog.fields.required')}
            {...form.getInputProps(`${path}.required`, { type: 'checkbox' })}
          />
        </SimpleGrid>
        <LocalizedTextFields
          legend={t('catalog.fields.label')}
          required
          testId="field-label"
          inputProps={(lang) => form.getInputProps(`${path}.label.${lang}`)}
          error={form.errors[`${path}.label`]}
          onEdit={() => form.clearFieldError(`${path}.label`)}
        />
        {field.type === 'select' && <OptionsEditor form={form} field={field} path={path} />}
      </Stack>
    </Card>
  );
}

function OptionsEditor({ form, field, path }: { form: ModuleFormReturn; field: FieldValues; path: string }) {
  const { t } = useTranslation();
  const options = field.options;
  return (
    <Stack gap="xs" pl="md" style={{ borderLeft: '3px solid var(--mantine-color-default-border)' }}>
      <Text size="sm" fw={500}>
        {t('catalog.fields.options')}
      </Text>
      {form.errors[`${path}.options`] && (
        <Text size="xs" c="red" role="alert">
          {form.errors[`${path}.options`]}
        </Text>
      )}
      {options.map((option, i) => (
        <Group key={option.uid} align="flex-end" gap="xs" wrap="nowrap">
          <TextInput
            label={t('catalog.fields.optionValue')}
            w={140}
            {...form.getInputProps(`${path}.options.${i}.value`)}
          />
          <div style={{ flex: 1 }}>
            <LocalizedTextFields
              legend={t('catalog.fields.optionLabel', { n: i + 1 })}
              inputProps={(lang) => form.getInputProps(`${path}.options.${i}.label.${lang}`)}
              error={form.errors[`${path}.options.${i}.label`]}
              onEdit={() => form.clearFieldError(`${path}.options.${i}.label`)}
            />
          </div>
          <Button
            size="xs"
            variant="subtle"
            color="red"
            onClick={() => {
              form.clearErrors();
              form.setFieldValue(
                `${path}.options`,
                options.filter((_, j) => j !== i),
              );
            }}
          >
            {t('catalog.fields.removeOption')}
          </Button>
        </Group>
      ))}
      <Group>
        <Button
          size="xs"
          variant="light"
          onClick={() => form.setFieldValue(`${path}.options`, [...options, emptyOption()])}
        >
          {t('catalog.fields.addOption')}
        </Button>
      </Group>
    </Stack>
  );
}
