// A bigint column as a JS number, for the places that compute with it (unix seconds, MRR in minor units).
// Prisma returns int8 as bigint and pg (the webhook fast path's pool) as a decimal string; both stay exact far
// beyond any real figure, but a value past 2^53 would silently lose digits as a number, so it fails loudly instead.

/** An int8 as read by Prisma (bigint), by pg (string) or already a number; throws past Number.MAX_SAFE_INTEGER. */
export function fromBigint(value: bigint | string | number): number {
  const big = typeof value === "bigint" ? value : typeof value === "string" ? BigInt(value) : null;
  const result = big === null ? value : Number(big);
  if (!Number.isSafeInteger(result) || (big !== null && BigInt(result) !== big)) {
    throw new RangeError(`${String(value)} is not an integer a number holds exactly`);
  }
  return result as number;
}

/** `fromBigint`, passing null through (a nullable int8, or a scalar subquery that found no row). */
export function fromNullableBigint(value: bigint | string | number | null): number | null {
  return value === null ? null : fromBigint(value);
}
