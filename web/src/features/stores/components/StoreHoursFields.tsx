import { ActionIcon, Checkbox, Fieldset, Group, Select, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { DEFAULT_TIME_ZONE, WEEKDAYS, type Weekday } from '../../../../../common/business-hours';
import { useT } from '../../../lib/i18n/i18n';
import { DEFAULT_RANGE, type HoursDraft } from '../lib/hours-draft';
import type { HoursField } from '../lib/hours-errors';

/** Every zone the browser knows, Asia/Tokyo first (most stores). */
function timeZones(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [DEFAULT_TIME_ZONE, ...all.filter((z) => z !== DEFAULT_TIME_ZONE)];
}

interface Props {
  draft: HoursDraft;
  onChange: (draft: HoursDraft) => void;
  errors: Partial<Record<HoursField, string>>;
}

/** 営業時間: per weekday 定休日 or open–close ranges, 休業日, and the zone they are read in. */
export function StoreHoursFields({ draft, onChange, errors }: Props) {
  const t = useT();
  const zones = useMemo(timeZones, []);
  const setDay = (day: Weekday, change: Partial<HoursDraft['days'][Weekday]>) =>
    onChange({ ...draft, days: { ...draft.days, [day]: { ...draft.days[day], ...change } } });
  const setRange = (day: Weekday, index: number, change: Partial<{ open: string; close: string }>) =>
    setDay(day, { ranges: draft.days[day].ranges.map((r, i) => (i === index ? { ...r, ...change } : r)) });

  return (
    <Fieldset legend={t('stores.hours')} data-testid="store-hours" p="sm">
      <Stack gap={6}>
        <Switch
          label={t('stores.hours.enabled')}
          description={t('stores.hours.help')}
          checked={draft.enabled}
          onChange={(e) => onChange({ ...draft, enabled: e.currentTarget.checked })}
        />
        {draft.enabled &&
          WEEKDAYS.map((day) => {
            const { closed, ranges } = draft.days[day];
            const label = t(`stores.hours.day.${day}`);
            return (
              <Stack key={day} gap={2} data-testid={`hours-${day}`}>
                <Group gap="xs" wrap="nowrap" align="center">
                  <Text size="sm" fw={600} w={24}>
                    {label}
                  </Text>
                  <Checkbox size="xs" label={t('stores.hours.closedDay')} checked={closed} onChange={(e) => setDay(day, { closed: e.currentTarget.checked })} w={72} />
                  {!closed && (
                    <Stack gap={4}>
                      {ranges.map((range, i) => (
                        <Group key={i} gap={4} wrap="nowrap">
                          <TextInput
                            size="xs"
                            w={64}
                            maxLength={5}
                            placeholder="10:00"
                            aria-label={t('stores.hours.open', { day: label })}
                            value={range.open}
                            onChange={(e) => setRange(day, i, { open: e.currentTarget.value })}
                          />
                          <Text size="xs">–</Text>
                          <TextInput
                            size="xs"
                            w={64}
                            maxLength={5}
                            placeholder="20:00"
                            aria-label={t('stores.hours.close', { day: label })}
                            value={range.close}
                            onChange={(e) => setRange(day, i, { close: e.currentTarget.value })}
                          />
                          {i === ranges.length - 1 && ranges.length < 4 && (
                            <ActionIcon
                              size="sm"
                              variant="subtle"
                              aria-label={t('stores.hours.addRange', { day: label })}
                              onClick={() => setDay(day, { ranges: [...ranges, { open: range.close, close: DEFAULT_RANGE.close }] })}
                            >
                              ＋
                            </ActionIcon>
                          )}
                          {ranges.length > 1 && (
                            <ActionIcon
                              size="sm"
                              variant="subtle"
                              color="gray"
                              aria-label={t('stores.hours.removeRange', { day: label })}
                              onClick={() => setDay(day, { ranges: ranges.filter((_, k) => k !== i) })}
                            >
                              ×
                            </ActionIcon>
                          )}
                        </Group>
                      ))}
                    </Stack>
                  )}
                </Group>
                {errors[day] && (
                  <Text size="xs" c="red" role="alert">
                    {errors[day]}
                  </Text>
                )}
              </Stack>
            );
          })}
        {draft.enabled && (
          <>
            <TagsInput
              size="xs"
              label={t('stores.hours.closedDates')}
              description={t('stores.hours.closedDatesHelp')}
              placeholder="2027-01-01"
              value={draft.closedDates}
              onChange={(closedDates) => onChange({ ...draft, closedDates })}
              splitChars={[',', ' ', '、']}
              error={errors.closedDates}
            />
            <Select
              size="xs"
              label={t('stores.hours.timeZone')}
              data={zones}
              searchable
              allowDeselect={false}
              value={draft.timeZone}
              onChange={(zone) => onChange({ ...draft, timeZone: zone ?? DEFAULT_TIME_ZONE })}
              error={errors.timeZone}
            />
          </>
        )}
        {errors.section && (
          <Text size="xs" c="red" role="alert">
            {errors.section}
          </Text>
        )}
      </Stack>
    </Fieldset>
  );
}
