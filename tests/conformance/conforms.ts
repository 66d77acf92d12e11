/**
 * Type-level conformance to the official models (api-models/): each check is `never` when the
 * types conform, else a union of messages naming every field at fault, so `Expect<...>` fails to
 * compile with the list. Used by the checks conformance.test.ts generates for every provider call
 * and emulator action, and by its self-test.
 *
 * - Sent (a request the provider builds, an answer the emulator gives): every field exists in the
 *   model with the same type (a narrower one, e.g. a union of string literals, is fine); null only
 *   where the model returns null (never in a request); a request sends every field the model
 *   requires.
 * - Read (a response type the provider reads through): every field exists in the model, and the
 *   type read through accepts whatever the model may return, null included.
 * Optional-versus-present is ignored for answers and responses (the SDK types every response
 * field optional).
 */

/** Compiles only when `T` is `never` (no issue); the error message lists the issues. */
export type Expect<T extends never> = T;

type Defined<T> = Exclude<T, undefined>;

type Describe<T> = [T] extends [string]
    ? "string"
    : [T] extends [number]
      ? "number"
      : [T] extends [boolean]
        ? "boolean"
        : [T] extends [readonly unknown[]]
          ? "an array"
          : [T] extends [object]
            ? "a struct"
            : "a mixed type";

type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

type IsArray<T> = [T] extends [readonly unknown[]] ? true : false;
type IsStruct<T> = [T] extends [readonly unknown[]] ? false : [T] extends [object] ? true : false;
type Element<T> = T extends readonly (infer E)[] ? E : never;

export type SentMode = "request" | "answer";

/** The model's type as a sender may use it: requests never carry null. */
type SendableModel<M, Mode extends SentMode> = Mode extends "request" ? Exclude<M, null> : M;

type SentNullIssue<V, M, Path extends string, Mode extends SentMode> = null extends V
    ? null extends SendableModel<M, Mode>
        ? never
        : `${Path}: may be null here; the model ${Mode extends "request" ? "takes no null" : "never returns null"}`
    : never;

type SentShapeIssues<V, M, Path extends string, Mode extends SentMode> =
    IsArray<M> extends true
        ? IsArray<V> extends true
            ? SentValueIssues<Defined<Element<V>>, Defined<Element<M>>, `${Path}[]`, Mode>
            : `${Path}: ${Describe<V>} here, an array in the model`
        : IsArray<V> extends true
          ? `${Path}: an array here, ${Describe<M>} in the model`
          : IsStruct<M> extends true
            ? IsStruct<V> extends true
                ? SentIssues<V, M, Path, Mode>
                : `${Path}: ${Describe<V>} here, a struct in the model`
            : [V] extends [M]
              ? never
              : `${Path}: ${Describe<V>} here, ${Describe<M>} in the model`;

type SentValueIssues<V, M, Path extends string, Mode extends SentMode> = [V] extends [never]
    ? never
    : SentNullIssue<V, M, Path, Mode> | ([Exclude<V, null>] extends [never] ? never : SentShapeIssues<Exclude<V, null>, Exclude<M, null>, Path, Mode>);

type MissingRequired<S, M, Path extends string> = {
    [K in RequiredKeys<M> & string]: K extends RequiredKeys<S>
        ? never
        : K extends keyof S
          ? `${Path}.${K}: optional here, required by the model`
          : `${Path}.${K}: required by the model, not sent`;
}[RequiredKeys<M> & string];

/** Issues of `S` (what is sent) against the model struct `M`; `never` when none. */
export type SentIssues<S, M, Path extends string, Mode extends SentMode> =
    | {
          [K in keyof S & string]-?: K extends keyof M ? SentValueIssues<Defined<S[K]>, Defined<M[K]>, `${Path}.${K}`, Mode> : `${Path}.${K}: not in the model`;
      }[keyof S & string]
    | (Mode extends "request" ? MissingRequired<S, M, Path> : never);

type ReadShapeIssues<R, M, Path extends string> =
    IsArray<M> extends true
        ? IsArray<R> extends true
            ? ReadValueIssues<Defined<Element<R>>, Defined<Element<M>>, `${Path}[]`>
            : `${Path}: read as ${Describe<R>}, an array in the model`
        : IsStruct<M> extends true
          ? IsStruct<R> extends true
              ? ReadIssues<R, M, Path>
              : `${Path}: read as ${Describe<R>}, a struct in the model`
          : [M] extends [R]
            ? never
            : `${Path}: read as ${Describe<R>}, ${Describe<M>} in the model`;

type ReadValueIssues<R, M, Path extends string> =
    | (null extends M ? (null extends R ? never : `${Path}: the model may return null; the type read through does not allow it`) : never)
    | ([Exclude<M, null>] extends [never] ? never : ReadShapeIssues<Exclude<R, null>, Exclude<M, null>, Path>);

/** Issues of the response type `R` the provider reads through against the model struct `M`; `never` when none. */
export type ReadIssues<R, M, Path extends string> = {
    [K in keyof R & string]-?: K extends keyof M ? ReadValueIssues<Defined<R[K]>, Defined<M[K]>, `${Path}.${K}`> : `${Path}.${K}: read here, not in the model`;
}[keyof R & string];

/** Request and response types of a provider call (provider/tencentcloud/services/action.ts ApiAction). */
export type CallRequest<F> = F extends (api: never, request: infer Q, ...rest: never[]) => unknown ? Q : never;
export type CallResponse<F> = F extends (...args: never[]) => Promise<infer R> ? Omit<R, "RequestId"> : never;

/** Parameters and answer of an emulator action (emulator/services/action.ts ActionDef). */
export type HandlerParams<D> = D extends { handle(params: infer P, ...rest: never[]): unknown } ? P : never;
export type HandlerAnswer<D> = D extends { handle(...args: never[]): infer A } ? Awaited<A> : never;
