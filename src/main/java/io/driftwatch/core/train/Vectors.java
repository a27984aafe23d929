package io.driftwatch.core.train;

/** The few dense-vector kernels the solvers share (BLAS {@code ddot}, {@code daxpy}, {@code dasum}). */
final class Vectors {

  private Vectors() {}

  static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** {@code y += a · x}. */
  static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  static double absSum(double[] a) {
    double sum = 0;
    for (double v : a) {
      sum += Math.abs(v);
    }
    return sum;
  }

  static double absMax(double[] a) {
    double max = Math.abs(a[0]);
    for (int i = 1; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i]));
    }
    return max;
  }
}
