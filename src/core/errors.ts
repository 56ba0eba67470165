// Errors that reach users. Anything else is internal: logged with an id, answered generically.

/** Bad input from the user: one line, with an example of a correct call. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A series could not be had or is unusable: names the series, the source and why. Exit code 1. */
export class DataError extends Error {
  override name = 'DataError';
  constructor(
    readonly symbol: string,
    readonly source: string,
    readonly reason: string,
  ) {
    super(`${symbol} from ${source}: ${reason}`);
  }
}

/** Too many commands from one user. */
export class RateLimitError extends Error {
  override name = 'RateLimitError';
  constructor(readonly retryAfterSec: number) {
    super(`Slow down: you can ask again in ${retryAfterSec}s.`);
  }
}
