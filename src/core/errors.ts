// Errors that reach users. Anything else is internal: logged with an id, answered generically.

/** A correct call named at the end of a usage message: `… Example: /corr window=60` (or `Try: /help`). */
// \uC608: is 예: (Korean for e.g.), escaped like every non-ASCII character in a regular expression: the bundle
// stays ASCII, which V8 holds as a one-byte string (scripts/bundle.mjs).
const EXAMPLE_AT_END = /(?:Example:|Try:?|e\.g\.|\uC608:)\s+(\/\S[^]*?)\.?$/;

/** Bad input from the user: one line, with an example of a correct call. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  /** A correct call to try instead (the one the message ends with). */
  readonly example: string;
  constructor(message: string, example?: string) {
    super(message);
    this.example = example ?? EXAMPLE_AT_END.exec(message)?.[1] ?? '/help';
  }
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

/** A service the command needs (e.g. the subscription store) cannot answer now: says which and why. */
export class UnavailableError extends Error {
  override name = 'UnavailableError';
  constructor(
    readonly service: string,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}
