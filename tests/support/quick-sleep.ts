/** Sleeps 1/20 of what the resource asks (its own retry backoffs and poll intervals), at least 1 ms. */
export const quickSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.round(ms / 20))));
