export function f(x: any): void {
  Promise.resolve(x);
}
