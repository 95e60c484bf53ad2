/**
 * `bench:loop`'s heavy windows run one kind of heavy operation each, in turn, so the bench can
 * tell which one costs the acks: windows 1, 7, 13… forecasts, 3, 9, 15… burndowns, 5, 11, 17… the
 * unsigned 16 MB body. Shared by the load generator and the bench.
 */
export const HEAVY_KIND_NAMES = ["/forecast", "/sprint burndown", "16 MB body"] as const;

/** The heavy kind (an index into `HEAVY_KIND_NAMES`) of odd window `k`. */
export const heavyKindOf = (k: number): number => ((k - 1) / 2) % HEAVY_KIND_NAMES.length;
