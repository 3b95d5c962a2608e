export * from './confusion.ts';
export * from './metrics.ts';
export * from './pr-curve.ts';
export * from './groups.ts';
export * from './evaluate.ts';
