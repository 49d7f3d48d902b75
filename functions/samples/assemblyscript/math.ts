// Numeric-ABI samples: params and results are plain Wasm numbers.

/** a + b, wrapping modulo 2^32 (two's complement). */
export function add(a: i32, b: i32): i32 {
  return a + b;
}

/** Fibonacci number F(n), iterative (F(0) = 0, F(1) = 1). Traps unless 0 <= n <= 92. */
export function fib(n: i32): i64 {
  if (n < 0 || n > 92) unreachable();
  let a: i64 = 0;
  let b: i64 = 1;
  for (let i = 0; i < n; i++) {
    const t = a + b;
    a = b;
    b = t;
  }
  return a;
}

function fibRec(n: i32): i64 {
  return n < 2 ? <i64>n : fibRec(n - 1) + fibRec(n - 2);
}

/** The same F(n), naive doubly recursive (exponential time: a CPU/fuel benchmark). Traps unless 0 <= n <= 92. */
export function fib_rec(n: i32): i64 {
  if (n < 0 || n > 92) unreachable();
  return fibRec(n);
}
