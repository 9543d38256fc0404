package io.octopod.bridge.speaker;

/**
 * The log-likelihood ratio of speech over non-speech for {@code k} active sub-units out of {@code
 * n}: log of Binomial(k; n, p) divided by Exponential(k; lambda). Kept in the log domain, because
 * the exponential term overflows a double for the medium and long scales' large rates.
 */
final class SpeechActivityScore {

  private SpeechActivityScore() {}

  static double logScore(int k, int n, double p, double lambda) {
    return logBinomialCoefficient(n, k)
        + k * Math.log(p)
        + (n - k) * Math.log1p(-p)
        - Math.log(lambda)
        + lambda * k;
  }

  static double logBinomialCoefficient(int n, int k) {
    double sum = 0;
    for (int i = 1; i <= k; i++) {
      sum += Math.log(n - k + i) - Math.log(i);
    }
    return sum;
  }
}
