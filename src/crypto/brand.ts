/** Nominal typing: a `Brand<Uint8Array, 'X25519PublicKey'>` cannot be passed where another key is expected. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };
