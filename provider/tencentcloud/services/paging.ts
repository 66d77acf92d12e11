/**
 * Reads every item of a paged Describe* action at its largest page size.
 *
 * - `sequential`: pages one after another until a page comes back short or `total` is reached
 *   (a listing that fits one page costs one call).
 * - `parallel`: the first page gives `total`; the remaining pages are fetched at once.
 */
export interface Page<T> {
    items: T[];
    /** The action's total count, when it reports one. */
    total?: number;
}

/** The response of a paged Describe* action that reports `TotalCount` and lists its items under `K`. */
export type TotalCountPage<K extends string, T> = { TotalCount: number } & { [P in K]: T[] };

export type PagingMode = "sequential" | "parallel";

export async function fetchAllPages<T>(pageSize: number, fetchPage: (offset: number) => Promise<Page<T>>, mode: PagingMode): Promise<T[]> {
    const first = await fetchPage(0);
    const all = [...first.items];
    const total = first.total ?? 0;
    if (mode === "parallel") {
        const offsets: number[] = [];
        for (let offset = pageSize; offset < total; offset += pageSize) {
            offsets.push(offset);
        }
        const pages = await Promise.all(offsets.map(fetchPage));
        pages.forEach((page) => all.push(...page.items));
        return all;
    }
    let last = first;
    while (last.items.length >= pageSize && all.length < (last.total ?? 0)) {
        last = await fetchPage(all.length);
        all.push(...last.items);
    }
    return all;
}
