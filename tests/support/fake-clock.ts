/** A manual clock for the rate limiter and retry tests: `sleep` resolves only when `advance` passes its time. */
export class FakeClock {
    private current: number;
    private timers: { at: number; resolve: () => void }[] = [];
    readonly sleeps: number[] = [];

    constructor(start = 1_735_689_600_000) {
        this.current = start;
    }

    now = (): number => this.current;

    sleep = (ms: number): Promise<void> => {
        this.sleeps.push(ms);
        return new Promise((resolve) => this.timers.push({ at: this.current + ms, resolve }));
    };

    get pendingTimers(): number {
        return this.timers.length;
    }

    /** Moves time forward, firing due timers in order and letting their continuations run. */
    async advance(ms: number): Promise<void> {
        const target = this.current + ms;
        await flush();
        for (;;) {
            this.timers.sort((a, b) => a.at - b.at);
            const next = this.timers[0];
            if (!next || next.at > target) {
                break;
            }
            this.timers.shift();
            this.current = Math.max(this.current, next.at);
            next.resolve();
            await flush();
        }
        this.current = target;
        await flush();
    }

    /** Jumps from timer to timer (letting continuations run after each) until `done()` or `maxMs` have passed; returns the time taken. */
    async runUntil(done: () => boolean, maxMs: number): Promise<number> {
        const from = this.current;
        await flush();
        while (!done()) {
            this.timers.sort((a, b) => a.at - b.at);
            const next = this.timers[0];
            if (!next || next.at > from + maxMs) {
                break;
            }
            this.timers.shift();
            this.current = Math.max(this.current, next.at);
            next.resolve();
            await flush();
        }
        return this.current - from;
    }
}

export async function flush(): Promise<void> {
    for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setImmediate(resolve));
    }
}
