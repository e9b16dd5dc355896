import { Temporal } from 'temporal-polyfill';

/**
 * The server's one clock. Domain code never reads it: handlers ask it for "now" or for today's
 * date in the tenant's zone and pass the result down.
 */
export interface Clock {
  now(): Date;
  today(timeZone: string): string;
}

export function systemClock(): Clock {
  return {
    now: () => new Date(),
    today: (timeZone) => Temporal.Now.plainDateISO(timeZone).toString(),
  };
}

/**
 * A frozen clock. `YYYY-MM-DD` freezes the date (the instant is noon of that day in UTC);
 * a full ISO instant freezes both.
 */
export function fixedClock(value: string): Clock {
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? Temporal.Instant.from(`${value}T12:00:00Z`)
    : Temporal.Instant.from(value);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
  return {
    now: () => new Date(instant.epochMilliseconds),
    today: (timeZone) => dateOnly ?? instant.toZonedDateTimeISO(timeZone).toPlainDate().toString(),
  };
}

/** A clock tests can move. */
export function manualClock(start: string): Clock & { set(value: string): void; advance(ms: number): void } {
  let current = new Date(Temporal.Instant.from(start).epochMilliseconds);
  return {
    now: () => new Date(current.getTime()),
    today: (timeZone) =>
      Temporal.Instant.fromEpochMilliseconds(current.getTime())
        .toZonedDateTimeISO(timeZone)
        .toPlainDate()
        .toString(),
    set(value) {
      current = new Date(Temporal.Instant.from(value).epochMilliseconds);
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
  };
}
