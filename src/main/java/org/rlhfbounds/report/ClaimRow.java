package org.rlhfbounds.report;

import org.rlhfbounds.bounds.SeedClaim;
import org.rlhfbounds.rates.SlopeFit;
import org.rlhfbounds.rates.Verdict;

/**
 * One fitted rate of the claims table: the claim, the setting it was measured in, the quantity
 * fitted, the claimed exponent and the fit.
 *
 * @param claim the seed claim
 * @param setting the instance family and sizes, as text
 * @param quantity the quantity fitted against the swept variable
 * @param claimed the claimed exponent
 * @param fit the log-log fit with its bootstrap interval
 */
record ClaimRow(SeedClaim claim, String setting, String quantity, double claimed, SlopeFit fit) {

  /**
   * The verdict of the fit's interval against the claimed exponent.
   *
   * @return the verdict
   */
  Verdict verdict() {
    return fit.verdict(claimed);
  }
}
