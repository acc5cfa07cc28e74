// Amounts travel as kroner decimals but are kept as integer øre, so sums never drift.
export function kronerToOre(kroner: number): number {
  return Math.round(kroner * 100);
}

export function oreToKroner(ore: number): number {
  return Math.round(ore) / 100;
}

// Splits the VAT out of a VAT-inclusive amount; rate is a fraction (0.25).
export function vatOfInclusive(inclusiveOre: number, rate: number): number {
  const basisPoints = Math.round(rate * 10000);
  return Math.round((inclusiveOre * basisPoints) / (10000 + basisPoints));
}

// VAT on a net amount (reverse charge: the amount paid abroad carries no Danish VAT).
export function vatOfNet(netOre: number, rate: number): number {
  return Math.round((netOre * Math.round(rate * 10000)) / 10000);
}
