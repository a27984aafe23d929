package io.driftwatch.core.train;

/**
 * NumPy's legacy {@code numpy.random.RandomState(seed)}: the MT19937 generator seeded with {@code init_genrand}, and
 * the draws scikit-learn's {@code random_state=int} relies on, reproduced bit for bit so that a split made here holds
 * exactly the rows that {@code train_test_split(..., random_state=seed)} puts there.
 */
public final class LegacyRandomState {

  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private final int[] key = new int[N];
  private int pos;

  /** Seeds as {@code RandomState(seed)} does for an integer seed in [0, 2^32). */
  public LegacyRandomState(long seed) {
    if (seed < 0 || seed > 0xffffffffL) {
      throw new IllegalArgumentException("seed must be between 0 and 2**32 - 1, was " + seed);
    }
    int s = (int) seed;
    for (int i = 0; i < N; i++) {
      key[i] = s;
      s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
    }
    pos = N;
  }

  /** The next 32 random bits, as an unsigned value in an int (MT19937 {@code genrand_int32}). */
  public int nextUint32() {
    if (pos == N) {
      regenerate();
    }
    int y = key[pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y;
  }

  private void regenerate() {
    int i = 0;
    for (; i < N - M; i++) {
      int y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; i < N - 1; i++) {
      int y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    int y = (key[N - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
    key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    pos = 0;
  }

  /** A double in [0, 1) with 53 random bits: {@code random_sample()}. */
  public double randomSample() {
    long a = Integer.toUnsignedLong(nextUint32()) >>> 5;
    long b = Integer.toUnsignedLong(nextUint32()) >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /**
   * A uniform integer in [0, max] by masked rejection sampling, NumPy's {@code random_interval}: draw 32 bits, keep
   * the lowest bits up to the smallest all-ones mask covering {@code max}, retry while above {@code max}.
   */
  public int interval(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0, was " + max);
    }
    if (max == 0) {
      return 0;
    }
    int mask = -1 >>> Integer.numberOfLeadingZeros(max);
    int value;
    do {
      value = nextUint32() & mask;
    } while (value > max);
    return value;
  }

  /** {@code permutation(n)}: {@code arange(n)} shuffled by Fisher-Yates from the last position down. */
  public int[] permutation(int n) {
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = interval(i);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
    return values;
  }
}
