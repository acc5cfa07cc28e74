/**
 * Splits `total` minor units in proportion to `weights` (largest remainder): every part is the exact share
 * rounded down, and the øre left over go one each to the parts with the largest remainders (ties: the earlier
 * part), so the parts add up to `total` exactly. A negative total is allocated as the mirror of its magnitude,
 * so a refund's parts are exactly the negated parts of the purchase.
 */
export function allocateLargestRemainder(total: bigint, weights: readonly bigint[]): bigint[] {
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0n);
  if (weights.length === 0 || weightSum === 0n) {
    throw new RangeError('Cannot allocate over weights that sum to zero.');
  }
  if (weightSum < 0n)
    return allocateLargestRemainder(
      -total,
      weights.map((weight) => -weight),
    ).map((part) => -part);
  if (total < 0n) return allocateLargestRemainder(-total, weights).map((part) => -part);
  const shares = weights.map((weight, index) => {
    const exact = total * weight;
    // Floor division for a negative product too (BigInt division truncates towards zero).
    let floor = exact / weightSum;
    if (exact % weightSum !== 0n && exact < 0n) floor -= 1n;
    return { index, floor, remainder: exact - floor * weightSum };
  });
  let leftOver = total - shares.reduce((sum, share) => sum + share.floor, 0n);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  const parts = shares.map((share) => share.floor);
  for (const share of byRemainder) {
    if (leftOver === 0n) break;
    parts[share.index] = share.floor + 1n;
    leftOver -= 1n;
  }
  return parts;
}
