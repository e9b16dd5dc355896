import { describe, expect, it } from 'vitest';
import { type ModuleDto, moduleBody } from '../../../shared/schemas';
import { emptyField, moduleBodyOf, moduleFormValues, moveRow, withType } from './module-form';

const dto: ModuleDto = {
  id: '11111111-1111-4111-8111-111111111111',
  name: { nl: 'Telefoonservice', en: 'Telephone service' },
  description: { nl: 'Wij nemen op' },
  fields: [
    {
      key: 'greeting',
      label: { nl: 'Begroeting' },
      type: 'text',
      required: true,
      clientEditable: true,
    },
    {
      key: 'hours',
      label: { en: 'Office hours' },
      type: 'select',
      options: [{ value: 'day', label: { en: 'Daytime' } }],
      required: false,
      clientEditable: false,
    },
  ],
  status: 'active',
  tariffCount: 1,
  publicTariffCount: 1,
  version: 3,
  abilities: {},
};

describe('module form state', () => {
  it('turns a module into form values and back without changing it', () => {
    const values = moduleFormValues(dto);
    expect(values.name).toEqual({ nl: 'Telefoonservice', de: '', en: 'Telephone service' });
    const body = moduleBodyOf(values);
    expect(body).toEqual({
      name: dto.name,
      description: dto.description,
      status: 'active',
      fields: dto.fields,
    });
    expect(moduleBody.safeParse(body).success).toBe(true);
  });

  it('drops the options of a field that is no longer a select field', () => {
    const values = moduleFormValues(dto);
    const hours = values.fields[1]!;
    values.fields[1] = withType(hours, 'text');
    expect(moduleBodyOf(values).fields[1]).not.toHaveProperty('options');
    // Back to select: the options typed before are still there.
    values.fields[1] = withType(values.fields[1]!, 'select');
    expect(moduleBodyOf(values).fields[1]?.options).toEqual([{ value: 'day', label: { en: 'Daytime' } }]);
  });

  it('gives a new select field one empty option to fill in', () => {
    const field = withType(emptyField(), 'select');
    expect(field.options).toHaveLength(1);
    expect(field.options[0]?.value).toBe('');
  });

  it('moves rows up and down and ignores moves past the ends', () => {
    expect(moveRow(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveRow(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveRow(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveRow(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('gives every new row its own key for React', () => {
    expect(emptyField().uid).not.toBe(emptyField().uid);
  });
});
