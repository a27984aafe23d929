package io.driftwatch.core.drift;

import io.driftwatch.core.model.ConstantFeature;
import io.driftwatch.core.model.DistributionProfile;
import io.driftwatch.core.model.FeatureKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The cut points of one quantity (a feature or the prediction), frozen on its reference profile, and the reference
 * distribution itself: its CDF (the inverse of the profile's piecewise-linear quantile function, or the category steps)
 * and integrals of it. A window is described by counts and within-bin distance sums in these bins, never re-binned.
 *
 * <p>{@code K} cut points {@code e[0] < ... < e[K-1]} make {@code K+1} bins: bin 0 is {@code (-inf, e[0])}, bin
 * {@code k} is {@code [e[k-1], e[k])}, bin {@code K} is {@code [e[K-1], +inf)}.
 *
 * <p>Continuous quantities are cut midway between consecutive distinct values of the reference's 101-point quantile
 * grid, except where the cut would sit so close to an atom (a value repeated on the grid, such as {@code s4 = 3})
 * that a jitter of {@value #JITTER_TOLERANCE_SIGMA}σ would move, net, more than {@value #MAX_ATOM_SPILL} of the mass
 * across it.
 * Categorical quantities get one bin per code holding exactly that value, {@code [c, nextUp(c))}, and bins for
 * anything else: below the first code, between two codes, above the last (events are validated, so these stay empty).
 *
 * <p>A reference indistinguishable from a constant ({@link ConstantFeature}, decided here from the profile, so old
 * artifacts holding a residue σ are read the same way) has σ = 0, is divided by 1 (effects in the feature's units),
 * and a continuous one gets a single narrow bin around its values: bin 1 is the constant, bins 0 and 2 what lies below
 * and above it.
 */
final class ReferenceBins {

  /** Jitter, in reference σ, that must not move a visible share of an atom across a cut point. */
  static final double JITTER_TOLERANCE_SIGMA = 0.05;
  /** Largest share of the reference mass such a jitter may move across any one cut point. */
  static final double MAX_ATOM_SPILL = 0.005;
  /** Within-bin distances are summed as integers in units of σ / 2^24 (exact, order-independent merges). */
  static final double UNITS_PER_SIGMA = 1 << 24;
  /** Distances beyond 2^16 σ (only absurd, unvalidated input) are clamped so that sums cannot overflow. */
  static final double MAX_DISTANCE_SIGMA = 1 << 16;

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);
  private static final int GRID = DistributionProfile.QUANTILE_COUNT - 1;

  final String name;
  final FeatureKind kind;
  final long referenceCount;
  final double referenceMean;
  /** The profile's σ, or 0 for a constant reference (whose stored σ is residue). */
  final double referenceStd;
  /** Whether the reference is indistinguishable from a constant ({@link ConstantFeature#isConstant}). */
  final boolean constant;
  /** What effects are divided by: the reference σ, or 1 for a constant reference. */
  final double sigma;
  /** For a constant reference, differences up to this (units) are residue ({@link ConstantFeature#tolerance}); else 0. */
  final double tolerance;
  final double referenceMin;
  final double referenceMax;
  /** Positive scale for distances: the reference σ, or a stand-in when the reference is constant. */
  final double scale;
  final double[] edges;
  /** Reference CDF at each cut point. */
  final double[] cdfAtEdge;
  /** Per bin, where within-bin distances are measured from and in which direction (so no branch per event). */
  final double[] anchor;
  final double[] direction;
  /** Indices of the cut points that delimit PSI's bins (deciles, or every category). */
  final int[] psiCuts;
  /** Category codes and their reference shares (categorical quantities only). */
  final double[] categories;
  private final double[] shares;
  /** The quantile grid and {@code area[i] = ∫_0^{i/100} Q} (continuous quantities only). */
  private final double[] grid;
  private final double[] area;

  private ReferenceBins(DistributionProfile p, double scale, double[] edges, double[] cdfAtEdge, int[] psiCuts,
      double[] shares) {
    this.name = p.name();
    this.kind = p.kind();
    this.referenceCount = p.count();
    this.referenceMean = p.mean();
    double variance = p.std() * p.std();
    this.constant = isConstant(p);
    this.referenceStd = constant ? 0 : p.std();
    this.sigma = ConstantFeature.scale(variance, p.mean(), p.count());
    this.tolerance = constant ? ConstantFeature.tolerance(variance, p.mean(), p.count()) : 0;
    this.referenceMin = p.min();
    this.referenceMax = p.max();
    this.scale = scale;
    this.edges = edges;
    this.cdfAtEdge = cdfAtEdge;
    this.psiCuts = psiCuts;
    boolean categorical = p.kind() == FeatureKind.CATEGORICAL;
    this.categories = categorical ? p.categories().clone() : new double[0];
    this.shares = shares;
    this.grid = categorical ? new double[0] : p.quantiles().clone();
    this.area = categorical ? new double[0] : cumulativeArea(grid);
    int bins = edges.length + 1;
    this.anchor = new double[bins];
    this.direction = new double[bins];
    for (int b = 0; b < edges.length; b++) {
      anchor[b] = edges[b];
      direction[b] = -1; // distance = right edge - x
    }
    anchor[edges.length] = edges[edges.length - 1];
    direction[edges.length] = 1; // distance = x - last edge
  }

  static ReferenceBins of(DistributionProfile profile) {
    validate(profile);
    return profile.kind() == FeatureKind.CATEGORICAL ? categorical(profile) : continuous(profile);
  }

  int binCount() {
    return edges.length + 1;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Continuous: cut points between distinct quantiles, away from atoms.

  private static ReferenceBins continuous(DistributionProfile p) {
    double[] q = p.quantiles();
    double scale = positiveScale(p);
    // Distinct grid values, with the last grid index at which each occurs.
    double[] values = new double[q.length];
    int[] first = new int[q.length];
    int[] last = new int[q.length];
    int distinct = 0;
    for (int i = 0; i < q.length; i++) {
      if (distinct > 0 && q[i] == values[distinct - 1]) {
        last[distinct - 1] = i;
      } else {
        values[distinct] = q[i];
        first[distinct] = i;
        last[distinct] = i;
        distinct++;
      }
    }
    double[] edges;
    double[] cdf;
    if (distinct == 1 || isConstant(p)) {
      // A constant reference: a narrow bin around its values, so any other value shows.
      double lo = q[0];
      double hi = q[GRID];
      double delta = Math.max(Math.max(Math.abs(lo), Math.abs(hi)) * 1e-9, 1e-12);
      edges = new double[] {lo - delta, hi + delta};
      cdf = new double[] {0, 1};
    } else {
      List<double[]> kept = new ArrayList<>();
      double bestSpill = Double.POSITIVE_INFINITY;
      double[] best = null;
      double[] atoms = atoms(values, first, last, distinct);
      for (int i = 0; i + 1 < distinct; i++) {
        double edge = 0.5 * (values[i] + values[i + 1]);
        // The quantile function is linear between grid points, so the midpoint sits half a grid step past q[last].
        double[] cut = {edge, (last[i] + 0.5) / GRID};
        double spill = atomSpill(edge, atoms, scale);
        if (spill <= MAX_ATOM_SPILL) {
          kept.add(cut);
        }
        if (spill < bestSpill) {
          bestSpill = spill;
          best = cut;
        }
      }
      if (kept.isEmpty()) {
        kept.add(best);
      }
      edges = kept.stream().mapToDouble(c -> c[0]).toArray();
      cdf = kept.stream().mapToDouble(c -> c[1]).toArray();
    }
    return new ReferenceBins(p, scale, edges, cdf, decileCuts(cdf), new double[0]);
  }

  /** Atoms of the grid as {value, share} pairs: values repeated on consecutive grid points. */
  private static double[] atoms(double[] values, int[] first, int[] last, int distinct) {
    double[] atoms = new double[2 * distinct];
    int n = 0;
    for (int i = 0; i < distinct; i++) {
      if (last[i] > first[i]) {
        atoms[n++] = values[i];
        atoms[n++] = Math.min(1.0, (last[i] - first[i] + 1) / (double) GRID);
      }
    }
    return Arrays.copyOf(atoms, n);
  }

  /**
   * Net share of the reference mass that a Gaussian jitter of {@link #JITTER_TOLERANCE_SIGMA}σ would move across
   * {@code edge}: what atoms below it push up minus what atoms above it push down. Between two similar atoms (integer
   * ages) the two cancel; next to one heavy atom ({@code s4 = 3}, 30% of the rows) they do not.
   */
  private static double atomSpill(double edge, double[] atoms, double scale) {
    double net = 0;
    double jitter = JITTER_TOLERANCE_SIGMA * scale;
    for (int i = 0; i < atoms.length; i += 2) {
      double z = Math.abs(edge - atoms[i]) / jitter;
      if (z < 8) { // beyond 8 jitter σ nothing moves (Φ(-8) ≈ 6e-16)
        double moved = atoms[i + 1] * STANDARD_NORMAL.cumulativeProbability(-z);
        net += atoms[i] < edge ? moved : -moved;
      }
    }
    return Math.abs(net);
  }

  /** {@code area[i] = ∫_0^{i/100} Q(u) du}, Q being the linear interpolation of the grid. */
  private static double[] cumulativeArea(double[] q) {
    double[] area = new double[q.length];
    for (int i = 1; i < q.length; i++) {
      area[i] = area[i - 1] + 0.5 * (q[i - 1] + q[i]) / GRID;
    }
    return area;
  }

  /** {@code ∫_0^p Q(u) du}; with {@code ∫_{-inf}^x F = x F(x) - ∫_0^{F(x)} Q}, this integrates the reference CDF. */
  private static double quantileIntegral(double[] q, double[] area, double p) {
    double position = Math.max(0, Math.min(1, p)) * GRID;
    int whole = (int) Math.min(Math.floor(position), GRID - 1);
    double fraction = position - whole;
    double qAt = q[whole] + (q[whole + 1] - q[whole]) * fraction;
    return area[whole] + 0.5 * (q[whole] + qAt) * fraction / GRID;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The reference distribution: CDF, quantile function and the integrals Wasserstein needs.

  /** Reference CDF, right-continuous: share of the reference at or below {@code x}. */
  double cdf(double x) {
    if (grid.length == 0) {
      double sum = 0;
      for (int i = 0; i < categories.length && categories[i] <= x; i++) {
        sum += shares[i];
      }
      return Math.min(1, sum);
    }
    if (x < grid[0]) {
      return 0;
    }
    if (x >= grid[GRID]) {
      return 1;
    }
    // Last grid index i with grid[i] <= x; then grid[i] <= x < grid[i + 1].
    int lo = 0;
    int hi = GRID;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (grid[mid] <= x) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + (x - grid[lo]) / (grid[lo + 1] - grid[lo])) / GRID;
  }

  /** Reference quantile function: the smallest x with {@code cdf(x) >= p}. */
  double quantile(double p) {
    if (grid.length == 0) {
      double sum = 0;
      for (int i = 0; i < categories.length; i++) {
        sum += shares[i];
        if (sum >= p) {
          return categories[i];
        }
      }
      return categories[categories.length - 1];
    }
    double position = Math.max(0, Math.min(1, p)) * GRID;
    int whole = (int) Math.min(Math.floor(position), GRID - 1);
    return grid[whole] + (grid[whole + 1] - grid[whole]) * (position - whole);
  }

  /** {@code ∫_{-inf}^x F(t) dt}. */
  double areaBelow(double x) {
    if (grid.length == 0) {
      double sum = 0;
      for (int i = 0; i < categories.length && categories[i] <= x; i++) {
        sum += shares[i] * (x - categories[i]);
      }
      return sum;
    }
    double f = cdf(x);
    return x * f - quantileIntegral(grid, area, f);
  }

  /** {@code ∫_x^{+inf} (1 - F(t)) dt}. */
  double areaAbove(double x) {
    if (grid.length == 0) {
      double sum = 0;
      for (int i = 0; i < categories.length; i++) {
        sum += categories[i] > x ? shares[i] * (categories[i] - x) : 0;
      }
      return sum;
    }
    double f = cdf(x);
    return (area[GRID] - quantileIntegral(grid, area, f)) - x * (1 - f);
  }

  /** {@code ∫_lo^hi |F(t) - level| dt} for {@code lo <= hi}: F is monotone, so it crosses the level at most once. */
  double distanceToLevel(double lo, double hi, double level) {
    if (!(hi > lo)) {
      return 0;
    }
    double crossing = Math.max(lo, Math.min(hi, quantile(level)));
    double below = areaBelow(crossing);
    return level * (crossing - lo) - (below - areaBelow(lo)) + (areaBelow(hi) - below) - level * (hi - crossing);
  }

  /** The cut points whose reference CDF is nearest to 0.1, ..., 0.9 (fewer when atoms merge deciles). */
  private static int[] decileCuts(double[] cdf) {
    int[] cuts = new int[9];
    int n = 0;
    for (int d = 1; d <= 9; d++) {
      double target = d / 10.0;
      int nearest = 0;
      for (int k = 1; k < cdf.length; k++) {
        if (Math.abs(cdf[k] - target) < Math.abs(cdf[nearest] - target)) {
          nearest = k;
        }
      }
      if (n == 0 || cuts[n - 1] != nearest) {
        cuts[n++] = nearest;
      }
    }
    return Arrays.copyOf(cuts, n);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Categorical: one bin per category code, exactly.

  /**
   * Cut points {@code c[i]} and {@code nextUp(c[i])} for each code: bin {@code 2i + 1} is {@code [c[i], nextUp(c[i]))},
   * which holds {@code c[i]} and nothing else, so a value between two codes can never count as either. The same
   * branch-free search as for continuous quantities finds it.
   */
  private static ReferenceBins categorical(DistributionProfile p) {
    double[] c = p.categories();
    double[] share = p.categoryProportions();
    int k = c.length;
    double total = Arrays.stream(share).sum();
    double[] edges = new double[2 * k];
    double[] cdf = new double[2 * k];
    double cumulative = 0;
    for (int i = 0; i < k; i++) {
      edges[2 * i] = c[i];
      cdf[2 * i] = cumulative; // the reference below c[i]
      cumulative = i + 1 < k ? cumulative + share[i] / total : 1.0;
      edges[2 * i + 1] = Math.nextUp(c[i]);
      cdf[2 * i + 1] = cumulative; // up to and including c[i]
    }
    int[] cuts = new int[edges.length];
    Arrays.setAll(cuts, i -> i);
    double[] normalized = new double[k];
    Arrays.setAll(normalized, i -> share[i] / total);
    return new ReferenceBins(p, positiveScale(p), edges, cdf, cuts, normalized);
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static boolean isConstant(DistributionProfile p) {
    return ConstantFeature.isConstant(p.std() * p.std(), p.mean(), p.count());
  }

  /**
   * The unit of within-bin distances: the reference σ, or for a constant reference its magnitude (1 at 0), which
   * keeps both the resolution (2^-24 of it) and the range (2^16 of it) relative to the feature's values.
   */
  private static double positiveScale(DistributionProfile p) {
    if (p.std() > 0 && Double.isFinite(p.std()) && !isConstant(p)) {
      return p.std();
    }
    double magnitude = Math.abs(p.mean());
    return magnitude > 0 && Double.isFinite(magnitude) ? magnitude : 1.0;
  }

  private static void validate(DistributionProfile p) {
    String where = "reference profile '" + p.name() + "'";
    if (p.count() < 2) {
      throw new IllegalArgumentException(where + ": count must be >= 2, got " + p.count());
    }
    if (p.kind() == FeatureKind.CATEGORICAL) {
      if (p.categories() == null || p.categories().length == 0
          || p.categoryProportions() == null || p.categoryProportions().length != p.categories().length) {
        throw new IllegalArgumentException(where + ": categorical profiles need categories and as many proportions");
      }
      for (int i = 0; i < p.categories().length; i++) {
        if (!Double.isFinite(p.categories()[i]) || (i > 0 && p.categories()[i] <= p.categories()[i - 1])) {
          throw new IllegalArgumentException(where + ": categories must be finite and strictly ascending");
        }
        if (!(p.categoryProportions()[i] >= 0)) {
          throw new IllegalArgumentException(where + ": category proportions must be >= 0");
        }
      }
      return;
    }
    double[] q = p.quantiles();
    if (q == null || q.length != DistributionProfile.QUANTILE_COUNT) {
      throw new IllegalArgumentException(
          where + ": quantiles must have " + DistributionProfile.QUANTILE_COUNT + " values");
    }
    for (int i = 0; i < q.length; i++) {
      if (!Double.isFinite(q[i]) || (i > 0 && q[i] < q[i - 1])) {
        throw new IllegalArgumentException(where + ": quantiles must be finite and ascending");
      }
    }
  }
}
